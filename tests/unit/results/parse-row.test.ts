import { describe, expect, it } from "vitest";
import { PREVIEW_CHARS, parseRow } from "../../../lib/results/parse-row";

const where = { index: 4, line: 5, chunk: 2, offset: 100, length: 0 };
const row = (value: unknown) => {
  const bytes = new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
  return parseRow(bytes, { ...where, length: bytes.length });
};

const succeeded = (content: unknown[], extra: Record<string, unknown> = {}) => ({
  custom_id: "ok-1",
  result: {
    type: "succeeded",
    message: {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude-haiku-4-5",
      content,
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 34, service_tier: "batch" },
      ...extra,
    },
  },
});

describe("parseRow", () => {
  it("keeps the columns of a succeeded result and where its line is", () => {
    expect(row(succeeded([{ type: "text", text: "Hello\n\n  world" }]))).toEqual({
      ...where,
      length: expect.any(Number),
      customId: "ok-1",
      type: "succeeded",
      errorType: "",
      stopReason: "end_turn",
      inputTokens: 12,
      outputTokens: 34,
      preview: "Hello world",
    });
  });

  it("previews the first text block, else the first tool call, cut to an excerpt", () => {
    expect(
      row(
        succeeded([
          { type: "tool_use", name: "lookup", input: {} },
          { type: "text", text: "after" },
        ]),
      ).preview,
    ).toBe("after");
    expect(row(succeeded([{ type: "tool_use", name: "lookup", input: {} }])).preview).toBe(
      "[tool_use: lookup]",
    );
    const long = row(succeeded([{ type: "text", text: "ab ".repeat(200) }])).preview;
    expect(long).toHaveLength(PREVIEW_CHARS + 1);
    expect(long.endsWith("…")).toBe(true);
  });

  it("reads the inner error of an errored result's envelope", () => {
    const errored = row({
      custom_id: "bad-1",
      result: {
        type: "errored",
        error: {
          type: "error",
          error: { type: "invalid_request_error", message: "max_tokens: too big" },
          request_id: null,
        },
      },
    });
    expect(errored).toMatchObject({
      type: "errored",
      errorType: "invalid_request_error",
      preview: "max_tokens: too big",
    });
    expect(errored.inputTokens).toBe(-1);
  });

  it("keeps canceled and expired results with no preview", () => {
    expect(row({ custom_id: "c", result: { type: "canceled" } })).toMatchObject({
      type: "canceled",
      preview: "",
    });
    expect(row({ custom_id: "e", result: { type: "expired" } })).toMatchObject({
      type: "expired",
      preview: "",
    });
  });

  it("turns a line that is not a result into an unreadable row saying why, never dropping it", () => {
    expect(row('{"custom_id": "x", "result": ')).toMatchObject({
      type: "invalid",
      customId: "",
      preview: expect.stringMatching(/^not JSON: /),
    });
    expect(row([1, 2])).toMatchObject({ type: "invalid", preview: "not a result: no custom_id" });
    expect(row({ custom_id: "y", result: { type: "maybe" } })).toMatchObject({
      type: "invalid",
      customId: "y",
      preview: expect.stringContaining("result.type"),
    });
    const notUtf8 = parseRow(Uint8Array.of(0x7b, 0xff, 0x7d), where);
    expect(notUtf8).toMatchObject({ type: "invalid", preview: "not valid UTF-8" });
  });
});
