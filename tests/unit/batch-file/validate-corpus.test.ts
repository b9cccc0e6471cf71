import { describe, expect, it } from "vitest";
import { MAX_LINE_BYTES } from "../../../lib/batch-file/limits";
import { BatchFileValidator } from "../../../lib/batch-file/validate";
import { bytes, jsonl, line, request, validate, validLines, where } from "./helpers";

const PATTERN = "^[a-zA-Z0-9_-]{1,64}$";

/** A file of `count` valid lines with `bad` put at line `at` (1-based). */
function fileWith(count: number, at: number, bad: string): string {
  const lines = validLines(count);
  lines[at - 1] = bad;
  return lines.join("\n");
}

describe("broken JSON", () => {
  it("names line 57 and the column where the JSON stops being JSON", () => {
    const bad = '{"custom_id": "r57", "params": {"model": "m", max_tokens: 5}}';
    const { summary } = validate("jsonl", fileWith(60, 57, bad));
    expect(summary.ok).toBe(false);
    expect(summary.problems).toEqual([
      {
        line: 57,
        column: bad.indexOf("max_tokens") + 1,
        code: "invalid_json",
        message: 'expected a property name in double quotes, found "m"',
      },
    ]);
  });

  it("reports a trailing comma at the comma", () => {
    const bad = `${line(request("a")).slice(0, -1)},}`;
    const { summary } = validate("jsonl", jsonl(request("x"), bad));
    expect(summary.problems).toEqual([
      { line: 2, column: bad.length - 1, code: "invalid_json", message: 'trailing comma before "}"' },
    ]);
  });

  it("reports a raw NUL inside a string and outside one", () => {
    const inString = '{"custom_id":"a","params":{"model":"m\u0000"}}';
    const outside = '{"custom_id":"b",\u0000"params":{}}';
    const { summary } = validate("jsonl", jsonl(inString, outside));
    expect(summary.problems).toEqual([
      {
        line: 1,
        column: inString.indexOf("\u0000") + 1,
        code: "invalid_json",
        message: "raw control character U+0000 in a string (write it as an escape)",
      },
      {
        line: 2,
        column: outside.indexOf("\u0000") + 1,
        code: "invalid_json",
        message: "expected a property name in double quotes, found control character U+0000",
      },
    ]);
  });

  it("reports every broken line, a top-level array and a bare value among them", () => {
    const lines = validLines(10);
    lines[2] = '{"custom_id": "r3", "params": ';
    lines[4] = line([request("r5")]);
    lines[6] = "42";
    lines[8] = '{"custom_id": "r9"} trailing';
    const { summary } = validate("jsonl", lines.join("\n"));
    expect(where(summary)).toEqual([
      { line: 3, column: (lines[2]?.length as number) + 1, code: "invalid_json" },
      { line: 5, column: 1, code: "not_an_object" },
      { line: 7, column: 1, code: "not_an_object" },
      { line: 9, column: 21, code: "invalid_json" },
    ]);
    expect(summary.problems[0]?.message).toBe('JSON ends before its closing "}"');
    expect(summary.problems[1]?.message).toBe(
      "a request must be a JSON object with custom_id and params, not an array",
    );
    expect(summary.problems[3]?.message).toBe('unexpected "t" after the end of the JSON value');
    expect(summary.requests).toBe(6);
  });
});

describe("UTF-8", () => {
  it("refuses invalid UTF-8 on line 9 instead of decoding it to U+FFFD", () => {
    const lines = validLines(12).map(bytes);
    const good = line(request("r9"));
    const at = good.indexOf("Say");
    lines[8] = new Uint8Array([...bytes(good.slice(0, at)), 0xff, 0xfe, ...bytes(good.slice(at))]);
    const joined = lines.flatMap((part, i) => (i === 0 ? [part] : [bytes("\n"), part]));
    const { summary, canonical } = validate("jsonl", joined);
    expect(summary.problems).toEqual([
      { line: 9, column: at + 1, code: "invalid_utf8", message: "not valid UTF-8" },
    ]);
    expect(canonical.some((entry) => entry.text.includes("\ufffd"))).toBe(false);
  });

  it.each([
    ["a truncated sequence", [0xe2, 0x82]],
    ["an overlong encoding", [0xc0, 0xaf]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
    ["a stray continuation byte", [0x80]],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
  ])("refuses %s", (_, sequence) => {
    const good = line(request("a", { model: "m-X" }));
    const at = good.indexOf("X");
    const file = new Uint8Array([...bytes(good.slice(0, at)), ...sequence, ...bytes(good.slice(at + 1))]);
    const { summary } = validate("jsonl", file);
    expect(where(summary)).toEqual([{ line: 1, column: at + 1, code: "invalid_utf8" }]);
  });

  it("counts the column in characters, not bytes", () => {
    const good = line(request("a", { model: "héllo wörld X" }));
    const at = good.indexOf("X");
    const prefix = bytes(good.slice(0, at));
    const file = new Uint8Array([...prefix, 0xff, ...bytes(good.slice(at + 1))]);
    expect(validate("jsonl", file).summary.problems[0]?.column).toBe(at + 1);
  });

  it("keeps text that is valid UTF-8 exactly, including emoji and escaped lone surrogates", () => {
    const req = request("a", { system: "naïve 👍 \ud800 end" });
    const { summary, canonical } = validate("jsonl", line(req));
    expect(summary.ok).toBe(true);
    expect(JSON.parse(canonical[0]?.text ?? "")).toEqual(req);
    expect(canonical[0]?.text).toContain("\\ud800");
  });
});

describe("BOM, CRLF and blank lines", () => {
  it("accepts BOM + CRLF + blank lines + no final newline; the canonical body has neither", () => {
    const file = `\ufeff${line(request("a"))}\r\n\r\n   \r\n${line(request("b"))}\n\t\n${line(request("c"))}`;
    const { summary, canonical } = validate("jsonl", file);
    expect(summary).toMatchObject({ ok: true, requests: 3, lines: 6, blank: 3, problemCount: 0 });
    expect(canonical.map((entry) => entry.line)).toEqual([1, 4, 6]);
    for (const { text } of canonical) {
      expect(text).not.toMatch(/[\r\ufeff]/);
    }
  });

  it("strips the BOM on line 1 only", () => {
    const { summary } = validate("jsonl", `${line(request("a"))}\n\ufeff${line(request("b"))}`);
    expect(summary.problems).toEqual([
      {
        line: 2,
        column: 1,
        code: "invalid_json",
        message: "unexpected byte order mark (U+FEFF) where a value should be",
      },
    ]);
  });

  it("strips one trailing \\r; a second one is whitespace", () => {
    const { summary } = validate("jsonl", `${line(request("a"))}\r\r\n${line(request("b"))}\r`);
    expect(summary).toMatchObject({ ok: true, requests: 2, lines: 2 });
  });

  it("does not take other Unicode spaces for blank", () => {
    const { summary } = validate("jsonl", `${line(request("a"))}\n\u00a0\n`);
    expect(where(summary)).toEqual([{ line: 2, column: 1, code: "invalid_json" }]);
  });
});

describe("custom_id", () => {
  it("reports a duplicate on line 57 naming line 12", () => {
    const lines = validLines(60);
    lines[11] = line(request("dup"));
    lines[56] = line(request("dup"));
    const { summary } = validate("jsonl", lines.join("\n"));
    expect(summary.problems).toEqual([
      {
        line: 57,
        code: "duplicate_custom_id",
        field: "custom_id",
        message: 'duplicate custom_id "dup" (first on line 12)',
      },
    ]);
  });

  it("reports a duplicate even when the first line has other problems", () => {
    const { summary } = validate("jsonl", jsonl(request("a", { max_tokens: 0 }), request("a")));
    expect(where(summary)).toEqual([
      { line: 1, code: "bad_value", field: "params.max_tokens" },
      { line: 2, code: "duplicate_custom_id", field: "custom_id" },
    ]);
  });

  it("reports one problem per bad id, each with the pattern", () => {
    const base = request("x").params;
    const { custom_id: _, ...noId } = request("x");
    const lines = [
      line({ custom_id: "a b", params: base }),
      line({ custom_id: "", params: base }),
      line({ custom_id: "a".repeat(65), params: base }),
      line({ custom_id: "café", params: base }),
      line(noId),
      line({ custom_id: 42, params: base }),
      line({ custom_id: null, params: base }),
      line({ custom_id: "a".repeat(64), params: base }),
    ];
    const { summary } = validate("jsonl", lines.join("\n"));
    expect(summary.problems.map((problem) => [problem.line, problem.code, problem.message])).toEqual([
      [1, "bad_custom_id", `custom_id must match ${PATTERN} (it contains " ")`],
      [2, "bad_custom_id", `custom_id must match ${PATTERN} (it is empty)`],
      [3, "bad_custom_id", `custom_id must match ${PATTERN} (it has 65 characters)`],
      [4, "bad_custom_id", `custom_id must match ${PATTERN} (it contains "é")`],
      [5, "bad_custom_id", `custom_id is missing; it must match ${PATTERN}`],
      [6, "bad_custom_id", `custom_id must be a string matching ${PATTERN}, not a number`],
      [7, "bad_custom_id", `custom_id must be a string matching ${PATTERN}, not null`],
    ]);
    expect(summary.requests).toBe(1);
  });
});

describe("nesting and numbers", () => {
  it("refuses a depth-10,000 array in params without overflowing the stack", () => {
    const deep = `{"custom_id":"a","params":{"model":"m","max_tokens":5,"messages":[],"metadata":{"x":${"[".repeat(10_000)}${"]".repeat(10_000)}}}}`;
    const { summary } = validate("jsonl", jsonl(request("first"), deep));
    expect(summary.problems).toEqual([
      { line: 2, column: 1, code: "too_deep", message: "nesting deeper than 64 levels" },
    ]);
  });

  it("allows 64 levels and refuses 65 (the request object is level 1)", () => {
    // request (1) > params (2) > metadata (3) > … : metadata of `levels` nested objects ends at 2 + levels.
    const nested = (levels: number): unknown => (levels === 0 ? 1 : { n: nested(levels - 1) });
    const at64 = validate("jsonl", line(request("a", { metadata: nested(62) })));
    const at65 = validate("jsonl", line(request("a", { metadata: nested(63) })));
    expect(at64.summary.ok).toBe(true);
    expect(where(at65.summary)).toEqual([{ line: 1, column: 1, code: "too_deep" }]);
  });

  it.each([
    ["1e400", "bad_value"],
    ["0", "bad_value"],
    ["1.5", "bad_value"],
    ["-3", "bad_value"],
    ["9007199254740993", "bad_value"],
    ['"5"', "bad_type"],
    ["null", "bad_type"],
  ])("refuses max_tokens: %s", (value, code) => {
    const text = `{"custom_id":"a","params":{"model":"m","max_tokens":${value},"messages":[{"role":"user","content":"hi"}]}}`;
    const { summary } = validate("jsonl", text);
    expect(summary.problems).toEqual([
      { line: 1, code, field: "params.max_tokens", message: "params.max_tokens must be a positive integer" },
    ]);
  });

  it("refuses a number too large for JSON anywhere, since it would be re-sent as null", () => {
    const text = `{"custom_id":"a","params":{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"metadata":{"n":[1,-1e400]}}}`;
    const { summary } = validate("jsonl", text);
    expect(summary.problems).toEqual([
      {
        line: 1,
        code: "bad_value",
        field: "params.metadata.n.1",
        message: "params.metadata.n.1 is too large for a JSON number (it would be sent as null)",
      },
    ]);
  });
});

describe("params", () => {
  const cases: [string, Record<string, unknown>, { code: string; field: string; message: string }][] = [
    [
      "model missing",
      { model: undefined },
      { code: "missing_field", field: "params.model", message: "params.model is required" },
    ],
    [
      "model a number",
      { model: 5 },
      { code: "bad_type", field: "params.model", message: "params.model must be a string, not a number" },
    ],
    [
      "messages missing",
      { messages: undefined },
      { code: "missing_field", field: "params.messages", message: "params.messages is required" },
    ],
    [
      "messages a string",
      { messages: "hi" },
      {
        code: "bad_type",
        field: "params.messages",
        message: "params.messages must be an array, not a string",
      },
    ],
    [
      "messages empty",
      { messages: [] },
      { code: "bad_value", field: "params.messages", message: "params.messages must not be empty" },
    ],
    [
      "a system role",
      { messages: [{ role: "system", content: "x" }] },
      {
        code: "bad_value",
        field: "params.messages.0.role",
        message: 'params.messages.0.role must be one of "user", "assistant"',
      },
    ],
    [
      "a message without role",
      { messages: [{ content: "x" }] },
      {
        code: "missing_field",
        field: "params.messages.0.role",
        message: 'params.messages.0.role is required (one of "user", "assistant")',
      },
    ],
    [
      "content a number",
      { messages: [{ role: "user", content: 5 }] },
      {
        code: "bad_type",
        field: "params.messages.0.content",
        message: "params.messages.0.content must be a string or an array, not a number",
      },
    ],
    [
      "a content block without type",
      { messages: [{ role: "user", content: [{ text: "x" }] }] },
      {
        code: "missing_field",
        field: "params.messages.0.content.0.type",
        message: "params.messages.0.content.0.type is required",
      },
    ],
    [
      "an extra key in a message",
      { messages: [{ role: "user", content: "x", name: "bob" }] },
      {
        code: "unknown_key",
        field: "params.messages.0.name",
        message: 'unknown parameter "params.messages.0.name": the API rejects unknown keys',
      },
    ],
    [
      "system a number",
      { system: 5 },
      {
        code: "bad_type",
        field: "params.system",
        message: "params.system must be a string or an array, not a number",
      },
    ],
    [
      "a system block without text",
      { system: [{ type: "text" }] },
      { code: "missing_field", field: "params.system.0.text", message: "params.system.0.text is required" },
    ],
    [
      "a system block of another type",
      { system: [{ type: "image", text: "x" }] },
      { code: "bad_value", field: "params.system.0.type", message: 'params.system.0.type must be "text"' },
    ],
    [
      "stream: true",
      { stream: true },
      {
        code: "stream_not_supported",
        field: "params.stream",
        message: "params.stream: true is not supported in batches",
      },
    ],
    [
      "stream a string",
      { stream: "no" },
      {
        code: "bad_type",
        field: "params.stream",
        message: "params.stream must be true or false, not a string",
      },
    ],
    [
      "speed fast",
      { speed: "fast" },
      {
        code: "bad_value",
        field: "params.speed",
        message: 'params.speed: "fast" is not available in batches',
      },
    ],
    [
      "stop_sequences of numbers",
      { stop_sequences: [1] },
      {
        code: "bad_type",
        field: "params.stop_sequences.0",
        message: "params.stop_sequences.0 must be a string, not a number",
      },
    ],
    [
      "temperature a string",
      { temperature: "hot" },
      {
        code: "bad_type",
        field: "params.temperature",
        message: "params.temperature must be a number, not a string",
      },
    ],
    [
      "tools an object",
      { tools: {} },
      { code: "bad_type", field: "params.tools", message: "params.tools must be an array, not an object" },
    ],
    [
      "metadata an array",
      { metadata: [] },
      {
        code: "bad_type",
        field: "params.metadata",
        message: "params.metadata must be an object, not an array",
      },
    ],
    [
      "service_tier unknown",
      { service_tier: "priority" },
      {
        code: "bad_value",
        field: "params.service_tier",
        message: 'params.service_tier must be one of "auto", "standard_only"',
      },
    ],
    [
      "thinking budget under 1024",
      { thinking: { type: "enabled", budget_tokens: 500 }, max_tokens: 4000 },
      {
        code: "bad_value",
        field: "params.thinking.budget_tokens",
        message: "params.thinking.budget_tokens must be an integer of at least 1024",
      },
    ],
    [
      "thinking budget not under max_tokens",
      { thinking: { type: "enabled", budget_tokens: 2048 }, max_tokens: 2048 },
      {
        code: "bad_value",
        field: "params.thinking.budget_tokens",
        message: "params.thinking.budget_tokens must be less than params.max_tokens",
      },
    ],
    [
      "billing to a user profile",
      { billing_policy: { bill_to: "user_profile" } },
      {
        code: "bad_value",
        field: "params.billing_policy.bill_to",
        message: 'params.billing_policy.bill_to: "user_profile" is not available in batches',
      },
    ],
    [
      "an unknown key",
      { foo: 1 },
      {
        code: "unknown_key",
        field: "params.foo",
        message: 'unknown parameter "params.foo": the API rejects unknown keys',
      },
    ],
  ];

  it.each(cases)("reports %s", (_, overrides, expected) => {
    const { summary } = validate("jsonl", line(request("a", overrides)));
    expect(summary.problems).toEqual([{ line: 1, ...expected }]);
  });

  it("accepts every optional key the API knows, with its type", () => {
    const full = request("a", {
      system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
      metadata: { user_id: "u1" },
      stop_sequences: ["END"],
      stream: false,
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      tools: [{ name: "t", input_schema: { type: "object" } }],
      tool_choice: { type: "auto" },
      thinking: { type: "enabled", budget_tokens: 1024 },
      max_tokens: 2048,
      service_tier: "standard_only",
      container: "container_1",
      mcp_servers: [{ type: "url", url: "https://example.test", name: "x" }],
      context_management: null,
      output_config: { effort: "low" },
      output_format: null,
      inference_geo: "us",
      cache_control: { type: "ephemeral" },
      speed: "standard",
      billing_policy: { bill_to: "organization" },
      diagnostics: null,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "hi" },
            { type: "image", source: { type: "url", url: "u" } },
          ],
        },
        { role: "assistant", content: "hello" },
        { role: "user", content: "again" },
      ],
    });
    const { summary, canonical } = validate("jsonl", line(full));
    expect(summary.problems).toEqual([]);
    expect(JSON.parse(canonical[0]?.text ?? "")).toEqual(full);
  });

  it("reports unknown keys in the request and in params, __proto__ included", () => {
    const text =
      '{"custom_id":"a","extra":1,"params":{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"__proto__":{"polluted":true}}}';
    const { summary } = validate("jsonl", text);
    expect(where(summary)).toEqual([
      { line: 1, code: "unknown_key", field: "params.__proto__" },
      { line: 1, code: "unknown_key", field: "extra" },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reports params missing or not an object", () => {
    const { summary } = validate("jsonl", jsonl({ custom_id: "a" }, { custom_id: "b", params: [] }));
    expect(summary.problems).toEqual([
      { line: 1, code: "missing_field", field: "params", message: "params is required" },
      { line: 2, code: "bad_type", field: "params", message: "params must be an object, not an array" },
    ]);
  });

  it("canonicalizes duplicate keys to the value that was validated (last wins)", () => {
    const text =
      '{"custom_id":"a","params":{"model":"m","max_tokens":0,"max_tokens":7,"messages":[{"role":"user","content":"x"}]},"custom_id":"b"}';
    const { summary, canonical } = validate("jsonl", text);
    expect(summary.ok).toBe(true);
    expect(canonical[0]?.text).toBe(
      '{"custom_id":"b","params":{"model":"m","max_tokens":7,"messages":[{"role":"user","content":"x"}]}}',
    );
  });
});

describe("file-level limits", () => {
  it("reports an empty file and a file of blank lines as having no requests", () => {
    expect(validate("jsonl", "").summary.problems).toEqual([
      { line: 0, code: "no_requests", message: "no requests: the file is empty" },
    ]);
    expect(validate("jsonl", "\n  \r\n\t\n").summary).toMatchObject({
      ok: false,
      lines: 3,
      blank: 3,
      problems: [{ line: 0, code: "no_requests", message: "no requests: the file has only blank lines" }],
    });
  });

  it("accepts 100,000 requests and refuses 100,001", () => {
    const small = (i: number) =>
      `{"custom_id":"r${i}","params":{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}]}}\n`;
    const file = bytes(Array.from({ length: 100_001 }, (_, i) => small(i + 1)).join(""));
    const lastLine = file.lastIndexOf(0x0a, file.length - 2) + 1;
    const exact = validate("jsonl", file.subarray(0, lastLine), 65_536).summary;
    expect(exact).toMatchObject({ ok: true, requests: 100_000 });
    const over = validate("jsonl", file, 65_536).summary;
    expect(over.problems).toEqual([
      { line: 100_001, code: "too_many_requests", message: "more than 100000 requests" },
    ]);
  });

  it("accepts a body of exactly 256,000,000 bytes and refuses one byte more", { timeout: 120_000 }, () => {
    // Eight requests of ~32 MB each, streamed from one shared filler so the test holds ~32 MB, not 256 MB.
    const filler = new Uint8Array(31_999_000).fill(0x61);
    const head = (i: number) =>
      `{"custom_id":"big-${i}","params":{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"`;
    const tail = '"}]}}\n';
    const linesOf = (extra: number) => {
      const parts: Uint8Array[] = [];
      for (let i = 0; i < 8; i++) {
        parts.push(bytes(head(i)), filler, bytes(`${i === 7 ? "a".repeat(extra) : ""}${tail}`));
      }
      return parts;
    };
    // Body = 13 + Σ lines + 7 commas + 2; each line is head + filler + tail without "\n".
    const base = 15 + 7 + 8 * (head(0).length + filler.length + tail.length - 1);
    const extra = 256_000_000 - base;
    expect(extra).toBeGreaterThan(0);
    const exact = validate("jsonl", linesOf(extra), 1 << 20).summary;
    expect(exact).toMatchObject({ ok: true, requests: 8, bodyBytes: 256_000_000 });
    const over = validate("jsonl", linesOf(extra + 1), 1 << 20).summary;
    expect(over.bodyBytes).toBe(256_000_001);
    expect(over.problems).toEqual([
      { line: 8, code: "too_large", message: "the batch body goes over 256000000 bytes with this request" },
    ]);
  });

  it("refuses a line over 32 MiB and goes on with the next lines", () => {
    const head = bytes(
      '{"custom_id":"long","params":{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"',
    );
    const tail = bytes('"}]}}');
    const exactFill = new Uint8Array(MAX_LINE_BYTES - head.length - tail.length).fill(0x62);
    const parts = [
      head,
      exactFill,
      tail,
      bytes("\n"),
      new Uint8Array(MAX_LINE_BYTES + 1).fill(0x78),
      bytes(`\n${line(request("after"))}\n`),
    ];
    const { summary } = validate("jsonl", parts, 1 << 20);
    expect(summary.problems).toEqual([
      { line: 2, code: "line_too_long", message: "line 2 is longer than 32 MiB" },
    ]);
    expect(summary).toMatchObject({ requests: 2, lines: 3 });
  });

  it("refuses a 300 MB line without a newline with bounded memory", () => {
    const chunk = new Uint8Array(1 << 20).fill(0x78);
    const before = process.memoryUsage();
    let peak = 0;
    const validator = new BatchFileValidator({ format: "jsonl" });
    for (let i = 0; i < 300; i++) {
      validator.push(chunk);
      if (i % 10 === 0) {
        const now = process.memoryUsage();
        peak = Math.max(peak, now.arrayBuffers - before.arrayBuffers + now.heapUsed - before.heapUsed);
      }
    }
    const summary = validator.end();
    expect(summary.problems).toEqual([
      { line: 1, code: "line_too_long", message: "line 1 is longer than 32 MiB" },
    ]);
    expect(summary).toMatchObject({ lines: 1, fileBytes: 300 * (1 << 20) });
    expect(peak).toBeLessThan(80 * 1024 * 1024);
  });
});

describe("summary and onRequest", () => {
  it("stops calling onRequest at the first problem but goes on validating", () => {
    const lines = validLines(6);
    lines[3] = line(request("r4", { max_tokens: 0 }));
    const { summary, canonical } = validate("jsonl", lines.join("\n"));
    expect(canonical.map((entry) => entry.line)).toEqual([1, 2, 3]);
    expect(summary).toMatchObject({ ok: false, requests: 5, problemCount: 1 });
  });

  it("keeps the first 100 problems and counts them all", () => {
    const file = Array.from({ length: 150 }, (_, i) => line(request(`r${i}`, { max_tokens: 0 }))).join("\n");
    const { summary } = validate("jsonl", file);
    expect(summary.problems).toHaveLength(100);
    expect(summary.problemCount).toBe(150);
    expect(summary.problems[99]?.line).toBe(100);
  });

  it("sums models (requests, max_tokens and input characters each), the totals, and the exact body size", () => {
    const a = request("a", {
      model: "m1",
      max_tokens: 10,
      system: "abc",
      messages: [{ role: "user", content: "héllo" }],
    });
    const b = request("b", {
      model: "m2",
      max_tokens: 20,
      system: [{ type: "text", text: "xy" }],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "1234" },
            { type: "image", source: {} },
          ],
        },
      ],
    });
    const c = request("c", { model: "m1", max_tokens: 5, messages: [{ role: "user", content: "" }] });
    const file = `${JSON.stringify(a, null, 1).replaceAll("\n", "")}\n${line(b)}\n${line(c)}\n`;
    const { summary, canonical } = validate("jsonl", file);
    expect(summary).toMatchObject({
      ok: true,
      requests: 3,
      lines: 3,
      blank: 0,
      fileBytes: bytes(file).length,
      models: {
        m1: { requests: 2, maxTokens: 15, inputChars: 3 + 5 },
        m2: { requests: 1, maxTokens: 20, inputChars: 2 + 4 },
      },
      maxTokensTotal: 35,
      inputChars: 3 + 5 + 2 + 4,
    });
    const body = `{"requests":[${canonical.map((entry) => entry.text).join(",")}]}`;
    expect(summary.bodyBytes).toBe(bytes(body).length);
  });
});
