import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { passesQuickCheck } from "../../../lib/batch-file/quick-check";
import { BatchRequestSchema, MessageParamsSchema } from "../../../lib/batch-file/request-schema";
import { problemsFromIssues } from "../../../lib/batch-file/schema-problems";
import { KNOWN_KEYS } from "../../../lib/emulator/params-check";
import { commonParams, validParams } from "./arbitraries";
import { request } from "./helpers";

describe("BatchRequestSchema", () => {
  it("knows exactly the params keys the emulator knows for the pinned API version", () => {
    expect(Object.keys(MessageParamsSchema.shape).sort()).toEqual(
      [...(KNOWN_KEYS["2023-06-01"] ?? [])].sort(),
    );
  });

  it("accepts a minimal request and refuses extra keys at every level", () => {
    expect(BatchRequestSchema.safeParse(request("a")).success).toBe(true);
    const result = BatchRequestSchema.safeParse({ ...request("a"), x: 1 }, { reportInput: true });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(problemsFromIssues(result.error.issues)).toEqual([
        { code: "unknown_key", field: "x", message: 'unknown parameter "x": the API rejects unknown keys' },
      ]);
    }
  });

  it("reports every problem of a line, not only the first", () => {
    const result = BatchRequestSchema.safeParse({ custom_id: "a b", params: {} }, { reportInput: true });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(problemsFromIssues(result.error.issues).map((problem) => problem.field)).toEqual([
        "custom_id",
        "params.model",
        "params.max_tokens",
        "params.messages",
      ]);
    }
  });
});

describe("passesQuickCheck", () => {
  it("accepts the common shape and declines what it does not know, without deciding", () => {
    expect(passesQuickCheck(request("a"))).toBe(true);
    expect(passesQuickCheck(request("a", { system: "s", metadata: {}, stream: false, temperature: 1 }))).toBe(
      true,
    );
    expect(passesQuickCheck(request("a", { thinking: { type: "adaptive" } }))).toBe(false);
    expect(BatchRequestSchema.safeParse(request("a", { thinking: { type: "adaptive" } })).success).toBe(true);
  });

  /** Values at the edges of what the schema allows. */
  const replacement = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom<unknown>(
      0,
      -1,
      1.5,
      2 ** 53,
      Number.POSITIVE_INFINITY,
      "",
      "user",
      "assistant",
      "system",
      "text",
      "enabled",
    ),
    fc.constantFrom<unknown>("fast", "user_profile", null, true, false, [], {}, [{}], { type: 1 }, [
      { type: "text" },
    ]),
  );

  /** The places where the quick check and the schema could disagree, plus new keys at each level. */
  const paths: (string | number)[][] = [
    ["custom_id"],
    ["params"],
    ["params", "model"],
    ["params", "max_tokens"],
    ["params", "messages"],
    ["params", "messages", 0],
    ["params", "messages", 0, "role"],
    ["params", "messages", 0, "content"],
    ["params", "messages", 0, "content", 0],
    ["params", "messages", 0, "content", 0, "type"],
    ["params", "system"],
    ["params", "system", 0],
    ["params", "system", 0, "type"],
    ["params", "system", 0, "text"],
    ["params", "stream"],
    ["params", "metadata"],
    ["params", "temperature"],
    ["params", "top_k"],
    ["params", "stop_sequences"],
    ["params", "stop_sequences", 0],
    ["params", "thinking"],
    ["params", "speed"],
    ["k"],
    ["params", "k"],
    ["params", "messages", 0, "k"],
    ["params", "__proto__"],
  ];

  /** Valid requests, then a few edits: a key removed, added or given an edge value. */
  const edited = fc
    .tuple(
      fc.record({
        custom_id: fc.oneof(fc.constant("ok-id"), fc.string({ maxLength: 70 })),
        params: commonParams,
      }),
      fc.array(fc.tuple(fc.constantFrom(...paths), fc.constantFrom("delete", "set"), replacement), {
        minLength: 1,
        maxLength: 3,
      }),
    )
    .map(([value, edits]) => {
      const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
      for (const [path, action, next] of edits) {
        let parent: unknown = copy;
        for (const step of path.slice(0, -1)) {
          parent =
            typeof parent === "object" && parent !== null
              ? (parent as Record<string, unknown>)[step]
              : undefined;
        }
        if (typeof parent !== "object" || parent === null) continue;
        const key = path[path.length - 1] as string | number;
        const target = parent as Record<string | number, unknown>;
        if (action === "delete") delete target[key];
        else
          Object.defineProperty(target, key, {
            value: next,
            enumerable: true,
            writable: true,
            configurable: true,
          });
      }
      return copy;
    });

  test.prop([edited], { seed: 20261122, numRuns: 3000 })("never accepts what the schema refuses", (value) => {
    if (passesQuickCheck(value)) expect(BatchRequestSchema.safeParse(value).success).toBe(true);
  });

  test.prop([fc.record({ custom_id: fc.constant("id"), params: commonParams })], {
    seed: 20261122,
    numRuns: 300,
  })("accepts every request of the common shape (so the schema rarely has to run)", (value) => {
    expect(passesQuickCheck(value)).toBe(true);
  });

  test.prop([fc.record({ custom_id: fc.constant("id"), params: validParams })], {
    seed: 20261122,
    numRuns: 500,
  })("agrees with the schema on valid requests", (value) => {
    expect(BatchRequestSchema.safeParse(value).success).toBe(true);
  });
});
