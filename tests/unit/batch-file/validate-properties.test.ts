import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { BatchRequest } from "../../../lib/batch-file/request-schema";
import { cutAt } from "../chunks";
import { requestList } from "./arbitraries";
import { bytes, validate } from "./helpers";

const SEED = 20261122;

/** How a file is laid out around its requests. */
const layout = fc.record({
  bom: fc.boolean(),
  /** Per line: CRLF (true) or LF. */
  crlf: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
  finalNewline: fc.boolean(),
  /** Blank lines to put before request i (index modulo the list). */
  blanks: fc.array(fc.tuple(fc.nat(), fc.constantFrom("", " ", "\t", "\r", "  \t ")), { maxLength: 5 }),
  /** Where to cut the bytes into chunks; or every byte on its own. */
  cuts: fc.oneof(fc.array(fc.nat(), { maxLength: 30 }), fc.constant("bytes" as const)),
  /** Pretty-print width for the JSON document form. */
  indent: fc.constantFrom(0, 1, 2, 4),
});

type Layout = typeof layout extends fc.Arbitrary<infer T> ? T : never;

interface Built {
  lines: Uint8Array[];
  /** The file line of each request. */
  requestLines: number[];
  blank: number;
}

/** The JSONL file of `texts` (one per request, as bytes) laid out as `shape` says. */
function buildJsonl(texts: Uint8Array[], shape: Layout): Built {
  const lines: Uint8Array[] = [];
  const requestLines: number[] = [];
  let blank = 0;
  texts.forEach((text, i) => {
    for (const [at, content] of shape.blanks) {
      if (at % texts.length === i) {
        lines.push(bytes(content));
        blank += 1;
      }
    }
    lines.push(text);
    requestLines.push(lines.length);
  });
  return { lines, requestLines, blank };
}

function assemble(built: Built, shape: Layout): Uint8Array {
  const parts: Uint8Array[] = shape.bom ? [Uint8Array.of(0xef, 0xbb, 0xbf)] : [];
  built.lines.forEach((text, i) => {
    parts.push(text);
    const last = i === built.lines.length - 1;
    if (!last || shape.finalNewline) parts.push(bytes(shape.crlf[i % shape.crlf.length] ? "\r\n" : "\n"));
  });
  const all = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

function chunked(data: Uint8Array, cuts: Layout["cuts"]): Uint8Array[] {
  return cuts === "bytes" ? Array.from(data, (byte) => Uint8Array.of(byte)) : cutAt(data, cuts);
}

/** What the API would receive for these requests: the input as JSON values. */
const asJson = (requests: BatchRequest[]) => JSON.parse(JSON.stringify(requests)) as unknown[];

describe("validator properties", () => {
  test.prop([requestList(12), layout], { seed: SEED, numRuns: 150 })(
    "any valid list, any line endings, BOM, blank lines and chunking: ok, and the canonical lines are the input",
    (requests, shape) => {
      const built = buildJsonl(
        requests.map((request) => bytes(JSON.stringify(request))),
        shape,
      );
      const file = assemble(built, shape);
      const { summary, canonical } = validate("jsonl", chunked(file, shape.cuts));
      expect(summary.problems).toEqual([]);
      expect(summary).toMatchObject({
        ok: true,
        requests: requests.length,
        blank: built.blank,
        lines: built.lines.length,
        fileBytes: file.length,
      });
      expect(canonical.map((entry) => JSON.parse(entry.text))).toEqual(asJson(requests));
      expect(canonical.map((entry) => entry.line)).toEqual(built.requestLines);
      const body = `{"requests":[${canonical.map((entry) => entry.text).join(",")}]}`;
      expect(summary.bodyBytes).toBe(bytes(body).length);
      for (const { text } of canonical) expect(text).not.toMatch(/[\r\n\ufeff]/);
    },
  );

  test.prop([requestList(8), layout], { seed: SEED, numRuns: 100 })(
    "the same lists as JSON documents, pretty-printed and chunked anyhow, give the same canonical lines",
    (requests, shape) => {
      const items = requests.map((request) => JSON.stringify(request, null, shape.indent));
      const doc = shape.bom
        ? `\ufeff{"requests": [\n${items.join(",\n")}\n]}`
        : `[${shape.crlf[0] ? "\r\n" : ""}${items.join(shape.crlf[1] ? " ,\r\n" : ",")}]\n`;
      const data = bytes(doc);
      const { summary, canonical } = validate("json", chunked(data, shape.cuts));
      expect(summary.problems).toEqual([]);
      expect(summary.requests).toBe(requests.length);
      expect(canonical.map((entry) => JSON.parse(entry.text))).toEqual(asJson(requests));
      const fromJsonl = validate("jsonl", requests.map((request) => JSON.stringify(request)).join("\n"));
      expect(canonical.map((entry) => entry.text)).toEqual(fromJsonl.canonical.map((entry) => entry.text));
    },
  );

  const corruption = fc.constantFrom("utf8", "duplicate", "json");

  test.prop([requestList(10), layout, fc.nat(), corruption], { seed: SEED, numRuns: 200 })(
    "corrupting one request's line k reports exactly line k",
    (requests, shape, pick, kind) => {
      fc.pre(kind !== "duplicate" || requests.length >= 2);
      const texts = requests.map((request) => JSON.stringify(request));
      const k = kind === "duplicate" ? 1 + (pick % (requests.length - 1)) : pick % requests.length;
      const original = texts[k] as string;
      let corrupted: Uint8Array;
      let code: string;
      if (kind === "utf8") {
        // A lone 0xFF inside the custom_id string (any byte position inside a string would do).
        const at = original.indexOf('"custom_id":"') + 13;
        corrupted = new Uint8Array([...bytes(original.slice(0, at)), 0xff, ...bytes(original.slice(at))]);
        code = "invalid_utf8";
      } else if (kind === "duplicate") {
        const earlier = requests[pick % k] as BatchRequest;
        corrupted = bytes(JSON.stringify({ ...requests[k], custom_id: earlier.custom_id }));
        code = "duplicate_custom_id";
      } else {
        corrupted = bytes(original.slice(0, original.length - 1 - (pick % 3)));
        code = "invalid_json";
      }
      const lines = texts.map((text) => bytes(text));
      lines[k] = corrupted;
      const built = buildJsonl(lines, shape);
      const { summary, canonical } = validate("jsonl", chunked(assemble(built, shape), shape.cuts));
      const lineK = built.requestLines[k] as number;
      expect(summary.ok).toBe(false);
      expect(summary.problems.map((problem) => [problem.line, problem.code])).toEqual([[lineK, code]]);
      expect(canonical.every((entry) => entry.line < lineK)).toBe(true);
      expect(summary.requests).toBe(requests.length - 1);
    },
  );
});
