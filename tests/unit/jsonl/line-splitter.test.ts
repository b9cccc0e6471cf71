import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../../lib/jsonl/line-splitter";
import { cutAt } from "../chunks";

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);
const NO_CAP = Number.MAX_SAFE_INTEGER;

interface Seen {
  lines: { text: string; line: number; offset: number }[];
  tooLong: { line: number; offset: number }[];
  count: number;
}

function split(chunks: Uint8Array[], maxLineBytes = NO_CAP): Seen {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const seen: Seen = { lines: [], tooLong: [], count: 0 };
  const splitter = new LineSplitter(
    {
      line: (part, line, offset) => seen.lines.push({ text: decoder.decode(part), line, offset }),
      tooLong: (line, offset) => seen.tooLong.push({ line, offset }),
    },
    maxLineBytes,
  );
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  seen.count = splitter.lines;
  return seen;
}

describe("LineSplitter", () => {
  it("numbers lines, keeps byte offsets and strips one trailing \\r", () => {
    const seen = split([bytes("a\r\nbé\n\r\r\n\nlast")]);
    expect(seen.lines).toEqual([
      { text: "a", line: 1, offset: 0 },
      { text: "bé", line: 2, offset: 3 },
      { text: "\r", line: 3, offset: 7 },
      { text: "", line: 4, offset: 10 },
      { text: "last", line: 5, offset: 11 },
    ]);
    expect(seen.count).toBe(5);
  });

  it("counts no line after a final newline, and none in an empty stream", () => {
    expect(split([bytes("a\n")]).count).toBe(1);
    expect(split([bytes("")]).count).toBe(0);
    expect(split([]).count).toBe(0);
    expect(split([bytes("\n")]).lines).toEqual([{ text: "", line: 1, offset: 0 }]);
  });

  it("reassembles a multi-byte character cut between chunks", () => {
    const data = bytes("€uro\n👍\n");
    expect(
      split([data.subarray(0, 1), data.subarray(1, 2), data.subarray(2, 7), data.subarray(7)]).lines,
    ).toEqual([
      { text: "€uro", line: 1, offset: 0 },
      { text: "👍", line: 2, offset: 7 },
    ]);
  });

  it("copies held bytes, so the caller may reuse its buffer", () => {
    const buffer = bytes("abc");
    const decoder = new TextDecoder();
    const lines: string[] = [];
    const splitter = new LineSplitter(
      {
        line: (part) => lines.push(decoder.decode(part)),
        tooLong: () => {},
      },
      NO_CAP,
    );
    splitter.push(buffer);
    buffer.set(bytes("xyz"));
    splitter.push(bytes("\n"));
    expect(lines).toEqual(["abc"]);
  });

  it("copies held bytes of a Node Buffer too (whose slice() is a view)", () => {
    const buffer = Buffer.from("abc");
    const decoder = new TextDecoder();
    const lines: string[] = [];
    const splitter = new LineSplitter(
      {
        line: (part) => lines.push(decoder.decode(part)),
        tooLong: () => {},
      },
      NO_CAP,
    );
    splitter.push(buffer);
    buffer.write("xyz");
    splitter.push(Buffer.from("\n"));
    expect(lines).toEqual(["abc"]);
  });

  it("refuses a line over the cap as soon as it overflows and resumes at the next line", () => {
    const events: string[] = [];
    const splitter = new LineSplitter(
      {
        line: (part, line) => events.push(`line ${line}: ${part.length}`),
        tooLong: (line, offset) => events.push(`too long ${line} @${offset}`),
      },
      8,
    );
    splitter.push(bytes("12345678\r\nabc"));
    splitter.push(bytes("defghi"));
    expect(events).toEqual(["line 1: 8"]); // 9 bytes: still fits if a "\r" comes next
    splitter.push(bytes("j"));
    expect(events).toEqual(["line 1: 8", "too long 2 @10"]);
    splitter.push(bytes("kl\nok\n123456789"));
    splitter.end();
    expect(events).toEqual(["line 1: 8", "too long 2 @10", "line 3: 2", "too long 4 @26"]);
    expect(splitter.lines).toBe(4);
  });

  it("refuses a long line that arrives in one chunk", () => {
    expect(split([bytes("x".repeat(20)), bytes("\ny")], 8)).toMatchObject({
      tooLong: [{ line: 1, offset: 0 }],
      lines: [{ text: "y", line: 2, offset: 21 }],
    });
    expect(split([bytes(`${"x".repeat(20)}\ny`)], 8).tooLong).toEqual([{ line: 1, offset: 0 }]);
  });

  test.prop(
    [
      fc.array(fc.string({ unit: "binary" }), { maxLength: 12 }),
      fc.array(fc.nat(), { maxLength: 20 }),
      fc.boolean(),
    ],
    {
      seed: 20261122,
      numRuns: 300,
    },
  )("gives the same lines for any chunking", (texts, offsets, finalNewline) => {
    const clean = texts.map((text) => text.replaceAll("\n", " ").replace(/\r+$/, ""));
    const joined = clean.map((text, i) => (i % 2 === 0 ? `${text}\r\n` : `${text}\n`)).join("");
    const data = bytes(finalNewline || joined.length === 0 ? joined : joined.replace(/\r?\n$/, ""));
    const whole = split([data]);
    // Without a final newline, a last empty line is no line at all.
    const expected = !finalNewline && clean.at(-1) === "" ? clean.slice(0, -1) : clean;
    expect(whole.lines.map((entry) => entry.text)).toEqual(expected);
    expect(split(cutAt(data, offsets))).toEqual(whole);
    expect(split(Array.from(data, (byte) => Uint8Array.of(byte)))).toEqual(whole);
  });
});
