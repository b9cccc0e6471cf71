import { describe, expect, it } from "vitest";
import { CSV_COLUMNS } from "../../../lib/results/csv";
import { flattenResult } from "../../../lib/results/flatten";
import { asResultLine, type ResultLine } from "../../../lib/results/result-line";

/** Parses a wire line the way the viewer does, so fixtures are the API's own JSON. */
function line(json: string): ResultLine {
  const parsed = asResultLine(JSON.parse(json));
  if (!parsed) throw new Error(`not a result line: ${json}`);
  return parsed;
}

// The four example lines of the API reference (docs/batches-api.md §3.5).
const SUCCEEDED =
  '{"custom_id":"a","result":{"type":"succeeded","message":{"id":"msg_014VwiXbi91y3JMjcpyGBHX5","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001","content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":11,"output_tokens":3,"service_tier":"batch"}}}}';
const ERRORED =
  '{"custom_id":"b","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: 9999999 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5-20251001"},"request_id":null}}}';
const CANCELED = '{"custom_id":"c","result":{"type":"canceled"}}';
const EXPIRED = '{"custom_id":"d","result":{"type":"expired"}}';

const NOTHING = {
  model: undefined,
  stop_reason: undefined,
  stop_sequence: undefined,
  input_tokens: undefined,
  output_tokens: undefined,
  cache_creation_input_tokens: undefined,
  cache_read_input_tokens: undefined,
  error_type: undefined,
  error_message: undefined,
  message_id: undefined,
  text: undefined,
};

describe("flattenResult", () => {
  it("flattens a succeeded line", () => {
    expect(flattenResult(line(SUCCEEDED))).toEqual({
      custom_id: "a",
      result_type: "succeeded",
      model: "claude-haiku-4-5-20251001",
      stop_reason: "end_turn",
      stop_sequence: undefined,
      input_tokens: 11,
      output_tokens: 3,
      cache_creation_input_tokens: undefined,
      cache_read_input_tokens: undefined,
      error_type: undefined,
      error_message: undefined,
      message_id: "msg_014VwiXbi91y3JMjcpyGBHX5",
      text: "Hi",
    });
  });

  it("reads the error's type and message from inside the nested envelope", () => {
    expect(flattenResult(line(ERRORED))).toEqual({
      ...NOTHING,
      custom_id: "b",
      result_type: "errored",
      error_type: "invalid_request_error",
      error_message:
        "max_tokens: 9999999 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5-20251001",
    });
  });

  it("does not take the envelope's own type for the error's type", () => {
    const flat = flattenResult(
      line(
        '{"custom_id":"b","result":{"type":"errored","error":{"type":"error","request_id":"workerreq_1"}}}',
      ),
    );
    expect(flat.error_type).toBeUndefined();
    expect(flat.error_message).toBeUndefined();
  });

  it("reads an error that a line carries un-nested", () => {
    const flat = flattenResult(
      line('{"custom_id":"b","result":{"type":"errored","error":{"type":"api_error","message":"Internal"}}}'),
    );
    expect(flat.error_type).toBe("api_error");
    expect(flat.error_message).toBe("Internal");
  });

  it.each([
    [CANCELED, "c", "canceled"],
    [EXPIRED, "d", "expired"],
  ])("keeps only the id and type of %s", (json, customId, type) => {
    expect(flattenResult(line(json))).toEqual({ ...NOTHING, custom_id: customId, result_type: type });
  });

  it("joins every text block with a blank line and leaves tool calls and thinking out", () => {
    const message = {
      id: "msg_2",
      model: "claude-sonnet-4-6",
      stop_reason: "tool_use",
      stop_sequence: null,
      content: [
        { type: "thinking", thinking: "The user wants the weather.", signature: "sig" },
        { type: "text", text: "Let me check.\nOne moment." },
        { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
        { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "Paris" } },
        { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] },
        { type: "text", text: "It is sunny.", citations: [{ type: "web_search_result_location", url: "x" }] },
        { type: "redacted_thinking", data: "abc" },
      ],
      usage: { input_tokens: 100, output_tokens: 50 },
    };
    const flat = flattenResult(
      line(JSON.stringify({ custom_id: "w", result: { type: "succeeded", message } })),
    );
    expect(flat.text).toBe("Let me check.\nOne moment.\n\nIt is sunny.");
    expect(flat.stop_reason).toBe("tool_use");
  });

  it("gives empty text for a message with only a tool call, and none when content is missing", () => {
    const toolOnly = { content: [{ type: "tool_use", id: "t", name: "f", input: {} }] };
    expect(
      flattenResult(
        line(JSON.stringify({ custom_id: "t", result: { type: "succeeded", message: toolOnly } })),
      ).text,
    ).toBe("");
    expect(
      flattenResult(line(JSON.stringify({ custom_id: "t", result: { type: "succeeded", message: {} } })))
        .text,
    ).toBeUndefined();
  });

  it("reads the cache and stop-sequence fields", () => {
    const message = {
      id: "msg_3",
      model: "claude-opus-4-8",
      content: [{ type: "text", text: "Done" }],
      stop_reason: "stop_sequence",
      stop_sequence: "###",
      usage: {
        input_tokens: 12,
        cache_creation_input_tokens: 2048,
        cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 48 },
        cache_read_input_tokens: 0,
        output_tokens: 7,
        server_tool_use: { web_search_requests: 1, web_fetch_requests: 0 },
        service_tier: "batch",
        inference_geo: "us",
      },
    };
    const flat = flattenResult(
      line(JSON.stringify({ custom_id: "k", result: { type: "succeeded", message } })),
    );
    expect(flat).toMatchObject({
      stop_reason: "stop_sequence",
      stop_sequence: "###",
      input_tokens: 12,
      output_tokens: 7,
      cache_creation_input_tokens: 2048,
      cache_read_input_tokens: 0,
    });
  });

  it("tolerates a line whose fields have unexpected types", () => {
    const value = {
      custom_id: "odd",
      result: {
        type: "succeeded",
        message: {
          id: 7,
          model: null,
          content: [null, 5, "text", { type: "text", text: 42 }, { type: "text", text: "kept" }],
          usage: { input_tokens: "11", output_tokens: null, cache_read_input_tokens: Number.NaN },
        },
      },
    };
    const parsed = asResultLine(value);
    if (!parsed) throw new Error("the envelope is valid");
    expect(flattenResult(parsed)).toEqual({
      ...NOTHING,
      custom_id: "odd",
      result_type: "succeeded",
      text: "kept",
    });
    expect(() =>
      flattenResult({
        custom_id: "x",
        result: { type: "succeeded", message: "nope" },
      } as unknown as ResultLine),
    ).not.toThrow();
    expect(
      flattenResult({ custom_id: "x", result: { type: "errored", error: null } } as unknown as ResultLine),
    ).toEqual({ ...NOTHING, custom_id: "x", result_type: "errored" });
  });

  it("has exactly the CSV columns, in their order", () => {
    expect(Object.keys(flattenResult(line(SUCCEEDED)))).toEqual([...CSV_COLUMNS]);
    expect(Object.keys(flattenResult(line(CANCELED)))).toEqual([...CSV_COLUMNS]);
  });
});
