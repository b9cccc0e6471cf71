import { describe, expect, it } from "vitest";
import { pageOf, parseListQuery } from "@/lib/emulator/batch-list";
import { type BatchState, toWireBatch, zeroCounts } from "@/lib/emulator/batch-state";
import { DEFAULT_OPTIONS, emulatorOptionsFromEnv } from "@/lib/emulator/config";
import { validateCreateBody } from "@/lib/emulator/create-body";
import { FaultQueue, parseFault } from "@/lib/emulator/faults";
import { checkParams } from "@/lib/emulator/params-check";
import { answeredLine } from "@/lib/emulator/reply";
import { formatTimestamp, parseDuration } from "@/lib/emulator/time";
import { toWorkItem } from "@/lib/emulator/work-item";

const params = (overrides: Record<string, unknown> = {}) => ({
  model: "claude-haiku-4-5",
  max_tokens: 100,
  messages: [{ role: "user", content: "Hello there" }],
  ...overrides,
});

describe("configuration", () => {
  it("reads every EMULATOR_* variable, and flags win over the environment", () => {
    const options = emulatorOptionsFromEnv(
      {
        EMULATOR_PORT: "5000",
        EMULATOR_HOST: "::1",
        EMULATOR_RATE: "max",
        EMULATOR_WINDOW: "30s",
        EMULATOR_RETENTION: "2m",
        EMULATOR_COUNTS: "final",
        EMULATOR_FAULT_RATE: "0.25",
        EMULATOR_FAULTS: "529,slow=200",
        EMULATOR_API_KEY: " secret ",
        EMULATOR_PUBLIC_URL: "http://emu.test:1/",
      },
      ["--port", "6000", "--data-dir=/tmp/x"],
    );
    expect(options).toMatchObject({
      port: 6000,
      host: "::1",
      dataDir: "/tmp/x",
      rate: Number.POSITIVE_INFINITY,
      windowMs: 30_000,
      retentionMs: 120_000,
      counts: "final",
      faultRate: 0.25,
      faults: [{ kind: "529" }, { kind: "slow", arg: 200 }],
      apiKey: "secret",
      publicUrl: "http://emu.test:1",
    });
  });

  it("keeps the documented defaults when nothing is set, and empty means unset", () => {
    expect(emulatorOptionsFromEnv({ EMULATOR_PORT: "", EMULATOR_API_KEY: "" }, [])).toEqual(DEFAULT_OPTIONS);
  });

  it.each([
    [{ EMULATOR_PORT: "70000" }, [], /EMULATOR_PORT must be a number from 0 to 65535/],
    [{ EMULATOR_COUNTS: "sometimes" }, [], /EMULATOR_COUNTS must be "incremental" or "final"/],
    [{ EMULATOR_WINDOW: "tomorrow" }, [], /not a duration/],
    [{ EMULATOR_FAULTS: "418" }, [], /unknown fault "418"/],
    [{}, ["--verbose", "1"], /unknown option --verbose/],
    [{}, ["--port"], /--port needs a value/],
  ])("refuses %o %o with a clear message", (env, argv, message) => {
    expect(() => emulatorOptionsFromEnv(env, argv)).toThrow(message);
  });
});

describe("time", () => {
  it("formats microseconds as RFC 3339 UTC with six fractional digits", () => {
    expect(formatTimestamp(Date.UTC(2024, 8, 24, 18, 37, 24) * 1000 + 100_435)).toBe(
      "2024-09-24T18:37:24.100435Z",
    );
  });

  it.each([
    ["500ms", 500],
    ["30s", 30_000],
    ["10m", 600_000],
    ["24h", 86_400_000],
    ["29d", 2_505_600_000],
    ["1500", 1500],
  ])("parses %s", (text, ms) => expect(parseDuration(text)).toBe(ms));
});

describe("faults", () => {
  it("parses the header form and consumes queued faults by route, in order", () => {
    expect(parseFault("429=2")).toEqual({ kind: "429", arg: 2 });
    const queue = new FaultQueue();
    queue.add({
      faults: [
        { kind: "529", times: 2, route: "create" },
        { kind: "cut", arg: 3 },
      ],
    });
    expect(queue.take("list")).toEqual({ kind: "cut", arg: 3 });
    expect(queue.take("create")).toEqual({ kind: "529" });
    expect(queue.take("create")).toEqual({ kind: "529" });
    expect(queue.take("create")).toBeUndefined();
  });

  it("refuses malformed queue entries", () => {
    const queue = new FaultQueue();
    expect(() => queue.add({ faults: [{ kind: "529", route: "upload" }] })).toThrow(/route/);
    expect(() => queue.add({ faults: [{ kind: "529", times: 0 }] })).toThrow(/times/);
    expect(() => queue.add([])).toThrow(/expected/);
  });
});

describe("create body", () => {
  const request = (customId: unknown, extra: Record<string, unknown> = {}) => ({
    custom_id: customId,
    params: params(),
    ...extra,
  });

  it.each([
    [[], "Input should be a valid dictionary or object to extract fields from"],
    [{ requests: [request("a")], extra: 1 }, "extra: Extra inputs are not permitted"],
    [{}, "requests: Field required"],
    [{ requests: {} }, "requests: Input should be a valid list"],
    [{ requests: [] }, "requests: List should have at least 1 item after validation, not 0"],
    [{ requests: [{ params: {} }] }, "requests.0.custom_id: Field required"],
    [{ requests: [request(7)] }, "requests.0.custom_id: Input should be a valid string"],
    [
      { requests: [request("a".repeat(65))] },
      "requests.0.custom_id: String should have at most 64 characters",
    ],
    [
      { requests: [request("a b")] },
      "requests.0.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'",
    ],
    [
      { requests: [request("")] },
      "requests.0.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'",
    ],
    [{ requests: [{ custom_id: "a" }] }, "requests.0.params: Field required"],
    [
      { requests: [{ custom_id: "a", params: "x" }] },
      "requests.0.params: Input should be a valid dictionary",
    ],
    [{ requests: [request("a", { note: 1 })] }, "requests.0.note: Extra inputs are not permitted"],
    [
      { requests: [request("a"), request("b"), request("a")] },
      "requests: custom_id's must be unique within a batch. Duplicate custom_id found: a",
    ],
  ])("refuses %j", (body, message) => {
    expect(() => validateCreateBody(body)).toThrow(message);
  });

  it("refuses more than 100,000 requests", () => {
    const requests = Array.from({ length: 100_001 }, (_, i) => request(`r${i}`));
    expect(() => validateCreateBody({ requests })).toThrow(
      "requests: List should have at most 100000 items after validation, not 100001",
    );
  });
});

describe("deferred params checks", () => {
  it.each([
    [{ stream: true }, '"stream=True" is not supported in the Message Batches API'],
    [{ max_tokens: 0 }, "max_tokens: must be greater than or equal to 1"],
    [{ max_tokens: 1.5 }, "max_tokens: Input should be a valid integer"],
    [{ max_tokens: Number.POSITIVE_INFINITY }, "max_tokens: Input should be a valid integer"],
    [{ messages: undefined }, "messages: Field required"],
    [{ messages: [] }, "messages: at least one message is required"],
    [
      { messages: [{ role: "system", content: "x" }] },
      "messages.0.role: Input should be 'user' or 'assistant'",
    ],
    [{ colour: "blue" }, "colour: Extra inputs are not permitted"],
    [
      { max_tokens: 9_999_999 },
      "max_tokens: 9999999 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5-20251001",
    ],
    [
      { max_tokens: 2000, thinking: { type: "enabled", budget_tokens: 4000 } },
      "`max_tokens` must be greater than `thinking.budget_tokens`",
    ],
  ])("%j is reported as invalid_request_error", (overrides, message) => {
    const cleaned = Object.fromEntries(
      Object.entries(params(overrides)).filter(([, value]) => value !== undefined),
    );
    expect(checkParams(cleaned, "2023-06-01")).toEqual({ type: "invalid_request_error", message });
  });

  it("reports an unknown model as not_found_error and accepts aliases and dated ids", () => {
    expect(checkParams(params({ model: "claude-does-not-exist-9" }), "2023-06-01")).toEqual({
      type: "not_found_error",
      message: "model: claude-does-not-exist-9",
    });
    expect(checkParams(params({ model: "claude-opus-4-1" }), "2023-06-01")).toBeUndefined();
    expect(checkParams(params({ model: "claude-sonnet-4-5-20250929" }), "2023-06-01")).toBeUndefined();
  });

  it("knows that API version 2026-10-21 dropped temperature", () => {
    expect(checkParams(params({ temperature: 0.2 }), "2023-06-01")).toBeUndefined();
    expect(checkParams(params({ temperature: 0.2 }), "2026-10-21")?.message).toBe(
      "temperature: Extra inputs are not permitted",
    );
  });
});

describe("replies", () => {
  const reply = (overrides: Record<string, unknown>, customId = "r1") =>
    JSON.parse(
      answeredLine(
        "msgbatch_01test",
        toWorkItem({ custom_id: customId, params: params(overrides) }, "2023-06-01"),
      ).line,
    );

  it("are deterministic, derived from the request, and billed at the batch tier", () => {
    const first = reply({ messages: [{ role: "user", content: "Explain photosynthesis" }] });
    expect(reply({ messages: [{ role: "user", content: "Explain photosynthesis" }] })).toEqual(first);
    const message = first.result.message;
    expect(message).toMatchObject({ type: "message", role: "assistant", model: "claude-haiku-4-5-20251001" });
    expect(message.id).toMatch(/^msg_01[1-9A-HJ-NP-Za-km-z]{22}$/);
    expect(message.content[0].text).toContain("Explain photosynthesis");
    expect(message.usage.service_tier).toBe("batch");
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBe(Math.ceil(message.content[0].text.length / 4));
  });

  it("stop at max_tokens with stop_reason max_tokens", () => {
    const message = reply({ max_tokens: 3 }).result.message;
    expect(message.stop_reason).toBe("max_tokens");
    expect(message.usage.output_tokens).toBe(3);
    expect(message.content[0].text.length).toBeLessThanOrEqual(12);
  });

  it("answer a classification with one of the offered labels, by tone", () => {
    const label = (text: string) =>
      reply({
        messages: [{ role: "user", content: `Classify as positive/negative/neutral (one word): ${text}` }],
      }).result.message.content[0].text;
    expect(label("The product quality is excellent!")).toBe("Positive");
    expect(label("Terrible customer service, never again.")).toBe("Negative");
    expect(label("It's okay, nothing special.")).toBe("Neutral");
  });

  it("call a forced tool with input shaped by its schema", () => {
    const message = reply({
      max_tokens: 500,
      tools: [
        {
          name: "get_weather",
          input_schema: {
            type: "object",
            properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } },
            required: ["city", "unit"],
          },
        },
      ],
      tool_choice: { type: "tool", name: "get_weather" },
    }).result.message;
    expect(message.stop_reason).toBe("tool_use");
    expect(message.content).toEqual([
      {
        type: "tool_use",
        id: expect.stringMatching(/^toolu_01/),
        name: "get_weather",
        input: expect.any(Object),
      },
    ]);
    expect(Object.keys(message.content[0].input).sort()).toEqual(["city", "unit"]);
    expect(["c", "f"]).toContain(message.content[0].input.unit);
  });

  it("report cache writes or reads for a long prompt behind cache_control", () => {
    const system = [
      { type: "text", text: "word ".repeat(6000), cache_control: { type: "ephemeral", ttl: "1h" } },
    ];
    const usage = reply({ system }).result.message.usage;
    const cached = usage.cache_creation_input_tokens + usage.cache_read_input_tokens;
    expect(cached).toBeGreaterThan(1024);
    expect(usage.cache_creation.ephemeral_1h_input_tokens).toBe(usage.cache_creation_input_tokens);
  });

  it("turn a prompt marker into a server-side errored result", () => {
    const line = reply({ messages: [{ role: "user", content: "please fail [emulator:api_error]" }] });
    expect(line.result).toEqual({
      type: "errored",
      error: {
        type: "error",
        error: { type: "api_error", message: "Internal server error" },
        request_id: expect.stringMatching(/^workerreq_/),
      },
    });
  });
});

describe("list pages", () => {
  const batches: BatchState[] = Array.from({ length: 7 }, (_, i) => ({
    id: `msgbatch_${7 - i}`,
    seq: 7 - i,
    createdAt: 0,
    expiresAt: 0,
    status: "ended",
    endedAt: null,
    cancelInitiatedAt: null,
    archivedAt: null,
    apiVersion: "2023-06-01",
    total: 1,
    counts: zeroCounts(1),
  }));
  const seqOf = (id: string) => Number(id.replace("msgbatch_", ""));
  const ids = (query: string) => {
    const page = pageOf(batches, parseListQuery(new URLSearchParams(query)), seqOf);
    return {
      ids: page.page.map((batch) => batch.seq),
      has_more: page.has_more,
      first: page.first_id,
      last: page.last_id,
    };
  };

  it("walks forward with after_id and backward with before_id, newest first either way", () => {
    expect(ids("limit=3")).toEqual({
      ids: [7, 6, 5],
      has_more: true,
      first: "msgbatch_7",
      last: "msgbatch_5",
    });
    expect(ids("limit=3&after_id=msgbatch_5")).toMatchObject({ ids: [4, 3, 2], has_more: true });
    expect(ids("limit=3&after_id=msgbatch_2")).toMatchObject({ ids: [1], has_more: false });
    expect(ids("limit=2&before_id=msgbatch_2")).toMatchObject({ ids: [4, 3], has_more: true });
    expect(ids("limit=2&before_id=msgbatch_6")).toMatchObject({ ids: [7], has_more: false });
    expect(ids("limit=3&after_id=msgbatch_1")).toEqual({ ids: [], has_more: false, first: null, last: null });
  });

  it("sends the ten batch fields with nulls and hides progress in final-counts mode", () => {
    const running = {
      ...batches[0],
      status: "in_progress",
      counts: { ...zeroCounts(1), processing: 0, succeeded: 1 },
    };
    const wire = toWireBatch(running as BatchState, "http://x", "final");
    expect(Object.keys(wire)).toHaveLength(10);
    expect(wire.request_counts).toEqual(zeroCounts(1));
    expect(wire.results_url).toBeNull();
  });
});
