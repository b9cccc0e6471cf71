import { describe, expect, it } from "vitest";
import { JsonArraySplitter } from "../../../lib/batch-file/json-array-splitter";
import type { Problem } from "../../../lib/batch-file/problems";
import { bytes, line, request, validate, where } from "./helpers";

/** `[` + one request a line (or as given) + `]`, pretty enough to have line numbers worth checking. */
const arrayDoc = (...items: string[]) => `[\n${items.map((item) => `  ${item}`).join(",\n")}\n]\n`;
const requestsDoc = (...items: string[]) => `{"requests": ${arrayDoc(...items)}}`;

describe("JSON documents: valid", () => {
  it("accepts a top-level array and reports each request at the line it starts on", () => {
    const a = request("a");
    const b = request("b", { system: 'brackets ] } [ { , and "quotes" \\ inside strings' });
    const pretty = JSON.stringify(b, null, 2).replaceAll("\n", "\n  ");
    const { summary, canonical } = validate("json", arrayDoc(line(a), pretty, line(request("c"))));
    expect(summary).toMatchObject({ ok: true, requests: 3, blank: 0, problemCount: 0 });
    expect(canonical.map((entry) => entry.line)).toEqual([2, 3, 3 + pretty.split("\n").length]);
    expect(canonical.map((entry) => JSON.parse(entry.text))).toEqual([a, b, request("c")]);
    expect(summary.lines).toBe(arrayDoc(line(a), pretty, line(request("c"))).split("\n").length - 1);
  });

  it('accepts {"requests": [...]} with a BOM, compact or spread out', () => {
    const compact = `\ufeff{"requests":[${line(request("a"))},${line(request("b"))}]}`;
    expect(validate("json", compact).summary).toMatchObject({ ok: true, requests: 2, lines: 1 });
    const spread = `\r\n {\r\n  "requests" :\r\n  [\r\n ${line(request("a"))}\r\n ,\r\n ${line(request("b"))}\r\n ]\r\n }\r\n`;
    const { summary, canonical } = validate("json", spread, 3);
    expect(summary).toMatchObject({ ok: true, requests: 2 });
    expect(canonical.map((entry) => entry.line)).toEqual([5, 7]);
  });

  it('reports the lines of a pretty {"requests": [...]} document', () => {
    const { summary, canonical } = validate("json", requestsDoc(line(request("a")), line(request("b"))));
    expect(summary).toMatchObject({ ok: true, requests: 2, lines: 5 });
    expect(canonical.map((entry) => entry.line)).toEqual([2, 3]);
  });

  it("gives the same canonical body as the same requests in JSONL", () => {
    const items = [request("a"), request("b", { metadata: { n: 1.5e300 } }), request("c")];
    const fromJson = validate("json", arrayDoc(...items.map((item) => JSON.stringify(item, null, 3))));
    const fromJsonl = validate("jsonl", items.map(line).join("\n"));
    expect(fromJson.canonical.map((entry) => entry.text)).toEqual(
      fromJsonl.canonical.map((entry) => entry.text),
    );
    expect(fromJson.summary.bodyBytes).toBe(fromJsonl.summary.bodyBytes);
  });
});

describe("JSON documents: broken", () => {
  it("maps a syntax error inside a multi-line element to its own line and column", () => {
    const broken = '{\n    "custom_id": "b",\n    "params": {"model": "m", max_tokens: 5}\n  }';
    const { summary } = validate("json", arrayDoc(line(request("a")), broken, line(request("c"))));
    expect(summary.problems).toEqual([
      {
        line: 5,
        column: '    "params": {"model": "m", '.length + 1,
        code: "invalid_json",
        message: 'expected a property name in double quotes, found "m"',
      },
    ]);
    expect(summary.requests).toBe(2);
  });

  it("reports a trailing comma at the comma and an empty element", () => {
    const trailing = validate("json", `[\n  ${line(request("a"))},\n]`);
    expect(trailing.summary.problems).toEqual([
      {
        line: 2,
        column: line(request("a")).length + 3,
        code: "invalid_json",
        message: 'trailing comma before "]"',
      },
    ]);
    expect(trailing.summary.requests).toBe(1);
    const empty = validate("json", `[${line(request("a"))},,${line(request("b"))}]`);
    expect(where(empty.summary)).toEqual([
      { line: 1, column: line(request("a")).length + 3, code: "invalid_json" },
    ]);
    expect(empty.summary.requests).toBe(2);
  });

  it("reports a missing comma between two requests at the second one", () => {
    const { summary } = validate("json", `[\n  ${line(request("a"))}\n  ${line(request("b"))}\n]`);
    expect(summary.problems).toEqual([
      { line: 3, column: 3, code: "invalid_json", message: 'unexpected "{" after the end of the JSON value' },
    ]);
  });

  it("reports elements that are not objects, schema problems and duplicates with their lines", () => {
    const doc = arrayDoc(
      line(request("a")),
      "42",
      '"text"',
      "null",
      line(request("a")),
      line(request("b", { max_tokens: 0 })),
    );
    const { summary } = validate("json", doc);
    expect(where(summary)).toEqual([
      { line: 3, column: 3, code: "not_an_object" },
      { line: 4, column: 3, code: "not_an_object" },
      { line: 5, column: 3, code: "not_an_object" },
      { line: 6, code: "duplicate_custom_id", field: "custom_id" },
      { line: 7, code: "bad_value", field: "params.max_tokens" },
    ]);
  });

  it.each([
    ['{"requests": [], "extra": 1}', { line: 1, column: 16, code: "bad_document" }],
    ['{"foo": []}', { line: 1, column: 2, code: "bad_document" }],
    ['{"requests": {"a": 1}}', { line: 1, column: 14, code: "bad_document" }],
    ['"hello"', { line: 1, column: 1, code: "bad_document" }],
    ["{}", { line: 1, column: 2, code: "bad_document" }],
    ['{"requests" []}', { line: 1, column: 13, code: "invalid_json" }],
    ["[] []", { line: 1, column: 4, code: "invalid_json" }],
    ["[{}}]", { line: 1, column: 4, code: "invalid_json" }],
  ])("refuses the document %s", (doc, expected) => {
    const { summary } = validate("json", doc);
    expect(where(summary)).toEqual([expected]);
  });

  it("hints that a JSONL file was uploaded as JSON", () => {
    const { summary } = validate("json", `${line(request("a"))}\n${line(request("b"))}\n`);
    expect(summary.problems).toEqual([
      {
        line: 1,
        column: 2,
        code: "bad_document",
        message: 'unknown key "custom_id": a JSON document may only hold "requests" (is this a JSONL file?)',
      },
    ]);
  });

  it("reports an array that is not closed, after validating its last element", () => {
    const { summary } = validate("json", `[\n${line(request("a"))}\n`);
    expect(summary.problems).toEqual([
      { line: 3, column: 1, code: "invalid_json", message: 'the JSON ends before the closing "]"' },
    ]);
    expect(summary.requests).toBe(1);
  });

  it("reports a request cut off by the end of the file at its end", () => {
    const cut = line(request("b")).slice(0, 31); // ends inside the string "model
    const { summary } = validate("json", `[\n${line(request("a"))},\n${cut}`);
    expect(summary.problems).toEqual([
      { line: 3, column: cut.lastIndexOf('"') + 1, code: "invalid_json", message: "string is not closed" },
    ]);
  });

  it("reports no requests for an empty array, an empty requests list, and an empty file", () => {
    for (const doc of ["[]", ' {"requests": [ ] } ', "", "  \n "]) {
      expect(where(validate("json", doc).summary)).toEqual([{ line: 0, code: "no_requests" }]);
    }
  });

  it("refuses an element nested 10,000 deep without buffering it", () => {
    const deep = `{"custom_id":"a","params":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    const { summary } = validate("json", arrayDoc(line(request("x")), deep, line(request("y"))), 4096);
    expect(summary.problems).toEqual([
      { line: 3, column: 3, code: "too_deep", message: "nesting deeper than 64 levels" },
    ]);
    expect(summary.requests).toBe(2);
  });

  it("refuses invalid UTF-8 inside an element at its line", () => {
    const good = line(request("b"));
    const at = good.indexOf("Say");
    const doc = [
      bytes(`[\n${line(request("a"))},\n${good.slice(0, at)}`),
      new Uint8Array([0xc3]),
      bytes(`${good.slice(at)}\n]`),
    ];
    const { summary } = validate("json", doc);
    expect(summary.problems).toEqual([
      { line: 3, column: at + 1, code: "invalid_utf8", message: "not valid UTF-8" },
    ]);
  });
});

describe("JsonArraySplitter", () => {
  function split(doc: string, chunk: number, maxBytes?: number) {
    const elements: { text: string; line: number; column: number }[] = [];
    const problems: { problem: Problem; isRequest: boolean }[] = [];
    const decoder = new TextDecoder();
    const splitter = new JsonArraySplitter(
      {
        element: (part, at, column) => elements.push({ text: decoder.decode(part), line: at, column }),
        problem: (problem, isRequest) => problems.push({ problem, isRequest }),
      },
      maxBytes,
    );
    const data = bytes(doc);
    for (let at = 0; at < data.length; at += chunk) splitter.push(data.subarray(at, at + chunk));
    splitter.end();
    return { elements, problems, lines: splitter.lines, bytes: splitter.bytes };
  }

  it("yields the same elements whatever the chunking", () => {
    const doc = '[ {"a": "x,]}\\"y"}, [1, [2]] ,\n"s" , 3.5 ,{"é": "ü"}]';
    const whole = split(doc, doc.length);
    expect(whole.elements.map((element) => element.text.trim())).toEqual([
      '{"a": "x,]}\\"y"}',
      "[1, [2]]",
      '"s"',
      "3.5",
      '{"é": "ü"}',
    ]);
    expect(whole.elements.map((element) => [element.line, element.column])).toEqual([
      [1, 3],
      [1, 21],
      [2, 1],
      [2, 7],
      [2, 12],
    ]);
    for (const chunk of [1, 2, 3, 7]) expect(split(doc, chunk).elements).toEqual(whole.elements);
    expect(whole).toMatchObject({ lines: 2, bytes: bytes(doc).length, problems: [] });
  });

  it("refuses an element over the cap without buffering it and goes on", () => {
    const doc = `[{"a":"${"x".repeat(100)}"}, {"b":1}]`;
    const { elements, problems } = split(doc, 16, 64);
    expect(elements.map((element) => element.text)).toEqual(['{"b":1}']);
    expect(problems).toEqual([
      {
        problem: {
          line: 1,
          column: 2,
          code: "line_too_long",
          message: "the request starting on line 1 is longer than 32 MiB",
        },
        isRequest: true,
      },
    ]);
  });

  it("counts lines to the end after a fatal problem", () => {
    const { problems, lines } = split('{"nope": [\n1,\n2\n]}\n\n', 4);
    expect(problems.map((entry) => entry.problem.code)).toEqual(["bad_document"]);
    expect(lines).toBe(5);
  });
});
