import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, csvHeader, csvRow, unreadableCsvRow } from "../../../lib/results/csv";
import type { FlatResult } from "../../../lib/results/flatten";

function flat(overrides: Partial<FlatResult> = {}): FlatResult {
  return {
    custom_id: "req-1",
    result_type: "succeeded",
    model: "claude-haiku-4-5",
    stop_reason: "end_turn",
    stop_sequence: undefined,
    input_tokens: 11,
    output_tokens: 3,
    cache_creation_input_tokens: undefined,
    cache_read_input_tokens: 0,
    error_type: undefined,
    error_message: undefined,
    message_id: "msg_1",
    text: "Hi",
    ...overrides,
  };
}

/** The cells of a row that has no quoted cells. */
function cells(row: string): string[] {
  expect(row.endsWith("\r\n")).toBe(true);
  return row.slice(0, -2).split(",");
}

/** A minimal RFC 4180 reader, to check that what we write reads back to the same cells. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += char;
  }
  expect(field).toBe("");
  expect(record).toEqual([]);
  return records;
}

describe("csvHeader", () => {
  it("names the columns in order and ends with CRLF", () => {
    expect(csvHeader()).toBe(
      "custom_id,result_type,model,stop_reason,stop_sequence,input_tokens,output_tokens," +
        "cache_creation_input_tokens,cache_read_input_tokens,error_type,error_message,message_id,text\r\n",
    );
    expect(cells(csvHeader())).toEqual([...CSV_COLUMNS]);
  });
});

describe("csvRow", () => {
  it("writes plain cells bare, numbers as digits and absent values as empty cells", () => {
    expect(csvRow(flat())).toBe("req-1,succeeded,claude-haiku-4-5,end_turn,,11,3,,0,,,msg_1,Hi\r\n");
  });

  it("writes large numbers without separators", () => {
    expect(cells(csvRow(flat({ input_tokens: 1234567 })))[5]).toBe("1234567");
  });

  it.each([
    ["a comma", "a, b", '"a, b"'],
    ["a double quote", 'say "hi"', '"say ""hi"""'],
    ["a line feed", "one\ntwo", '"one\ntwo"'],
    ["a CRLF", "one\r\ntwo", '"one\r\ntwo"'],
    ["a lone CR inside", "one\rtwo", '"one\rtwo"'],
    ["only quotes", '""', '""""""'],
  ])("quotes a cell with %s", (_what, text, cell) => {
    expect(csvRow(flat({ text }))).toBe(
      `req-1,succeeded,claude-haiku-4-5,end_turn,,11,3,,0,,,msg_1,${cell}\r\n`,
    );
  });

  it("leaves spaces and other punctuation unquoted", () => {
    expect(cells(csvRow(flat({ text: " it's 50% (ok); fine " }))).at(-1)).toBe(" it's 50% (ok); fine ");
  });

  it.each([
    ["=", '=HYPERLINK("http://evil","x")'],
    ["+", "+1+2"],
    ["-", "-2+3"],
    ["@", "@SUM(A1:A2)"],
    ["a tab", "\t=1"],
    ["a CR", "\r=1"],
  ])("neutralizes a cell starting with %s by a leading quote", (_start, text) => {
    const [record] = parseCsv(csvRow(flat({ text })));
    expect(record?.at(-1)).toBe(`'${text}`);
  });

  it("neutralizes every string column, custom_id and error message included", () => {
    const [record] = parseCsv(
      csvRow(flat({ custom_id: "=1+1", error_type: "-x", error_message: "@cmd", stop_sequence: "+" })),
    );
    expect(record?.[0]).toBe("'=1+1");
    expect(record?.[4]).toBe("'+");
    expect(record?.[9]).toBe("'-x");
    expect(record?.[10]).toBe("'@cmd");
  });

  it("does not touch a formula character that is not first", () => {
    expect(cells(csvRow(flat({ text: "1+1=2" }))).at(-1)).toBe("1+1=2");
  });

  it("quotes a neutralized cell that also needs quoting", () => {
    expect(csvRow(flat({ text: '=A1,"x"' })).endsWith(`,"'=A1,""x"""\r\n`)).toBe(true);
    expect(parseCsv(csvRow(flat({ text: '=A1,"x"' })))[0]?.at(-1)).toBe(`'=A1,"x"`);
  });

  it("writes a file that reads back to the same cells", () => {
    const rows = [
      flat(),
      flat({ custom_id: "b", result_type: "errored", text: undefined, error_message: 'bad "x",\r\ny' }),
      flat({ custom_id: "c", text: 'line 1\n\nline 2, with "quotes"\n' }),
    ];
    const records = parseCsv(csvHeader() + rows.map(csvRow).join(""));
    expect(records).toHaveLength(4);
    expect(records.every((record) => record.length === CSV_COLUMNS.length)).toBe(true);
    expect(records[2]?.[10]).toBe('bad "x",\r\ny');
    expect(records[3]?.[12]).toBe('line 1\n\nline 2, with "quotes"\n');
  });
});

describe("unreadableCsvRow", () => {
  it("says which line is not JSON, with every other cell empty", () => {
    expect(unreadableCsvRow(7, undefined)).toBe(",invalid,,,,,,,,,line 7 is not JSON,,\r\n");
  });

  it("keeps the custom_id of JSON that is not a result, neutralized like any cell", () => {
    expect(unreadableCsvRow(3, { custom_id: "=x", result: { type: "skipped" } })).toBe(
      "'=x,invalid,,,,,,,,,line 3 is not a result,,\r\n",
    );
    expect(unreadableCsvRow(4, [1, 2])).toBe(",invalid,,,,,,,,,line 4 is not a result,,\r\n");
  });
});
