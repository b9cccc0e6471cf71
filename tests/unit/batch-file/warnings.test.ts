import { describe, expect, it } from "vitest";
import { RequestWarnings } from "../../../lib/batch-file/warnings";
import { MODELS_AS_OF } from "../../../lib/models/catalogue";
import { request } from "./helpers";

/** The warnings for requests made of these params overrides, on lines 1, 2, 3, … */
function warningsFor(...overrides: Record<string, unknown>[]) {
  const warnings = new RequestWarnings();
  overrides.forEach((params, i) => {
    warnings.add(request(`r${i + 1}`, params), i + 1);
  });
  return warnings.list();
}

describe("RequestWarnings", () => {
  it("has nothing to say about values the API accepts", () => {
    expect(
      warningsFor(
        {},
        { temperature: 0, top_p: 0 },
        { temperature: 1, top_p: 1 },
        { temperature: 0.7, top_p: 0.95 },
        { model: "claude-haiku-4-5", max_tokens: 64_000 },
        { model: "claude-haiku-4-5-20251001", max_tokens: 64_000 },
        { model: "claude-opus-4-8", max_tokens: 128_000 },
      ),
    ).toEqual([]);
  });

  it("warns that an unknown model ends as not_found_error, with the date of the model list", () => {
    expect(warningsFor({ model: "claude-does-not-exist-9", max_tokens: 1_000_000 })).toEqual([
      {
        code: "unknown_model",
        message: `model "claude-does-not-exist-9" is not in Batchboard's model list as of ${MODELS_AS_OF}: if the API does not know it either, this request will end as errored (not_found_error) after the batch runs`,
        count: 1,
        lines: [1],
      },
    ]);
  });

  it("warns about max_tokens above the model's ceiling, naming the model and the ceiling", () => {
    const [warning] = warningsFor({ max_tokens: 100_000 }, {}, { max_tokens: 100_000 });
    expect(warning).toEqual({
      code: "max_tokens_over_ceiling",
      message:
        "max_tokens 100000 is above claude-haiku-4-5's 64,000-token ceiling: these 2 requests will end as errored (invalid_request_error) after the batch runs",
      count: 2,
      lines: [1, 3],
    });
  });

  it("resolves aliases to find the ceiling, and gives the span of values over it", () => {
    const [warning] = warningsFor(
      { model: "claude-opus-4-1", max_tokens: 32_000 },
      { model: "claude-opus-4-1", max_tokens: 32_001 },
      { model: "claude-opus-4-1", max_tokens: 40_000 },
      { model: "claude-opus-4-1", max_tokens: 35_000 },
    );
    expect(warning?.message).toMatch(
      /^max_tokens from 32001 to 40000 is above claude-opus-4-1's 32,000-token/,
    );
    expect(warning).toMatchObject({ count: 3, lines: [2, 3, 4] });
  });

  it("warns about temperature and top_p outside 0–1", () => {
    expect(warningsFor({ temperature: 1.5 }, { temperature: -0.1, top_p: 1.01 }, { temperature: 2 })).toEqual(
      [
        {
          code: "temperature_range",
          message:
            "temperature from -0.1 to 2 is outside 0–1, the range the Messages API accepts: these 3 requests will end as errored (invalid_request_error) after the batch runs",
          count: 3,
          lines: [1, 2, 3],
        },
        {
          code: "top_p_range",
          message:
            "top_p 1.01 is outside 0–1, the range the Messages API accepts: this request will end as errored (invalid_request_error) after the batch runs",
          count: 1,
          lines: [2],
        },
      ],
    );
  });

  it("groups by code and model, in the order of each group's first request", () => {
    const warnings = warningsFor(
      { model: "claude-x" },
      { max_tokens: 70_000 },
      { model: "claude-y", temperature: 3 },
      { model: "claude-x" },
      { model: "claude-sonnet-4-0", max_tokens: 70_000 },
      { model: "claude-haiku-4-5-20251001", max_tokens: 70_000 },
      { model: "claude-x", max_tokens: 70_000 },
    );
    expect(warnings.map(({ code, count, lines }) => ({ code, count, lines }))).toEqual([
      { code: "unknown_model", count: 3, lines: [1, 4, 7] },
      { code: "max_tokens_over_ceiling", count: 1, lines: [2] },
      { code: "unknown_model", count: 1, lines: [3] },
      { code: "temperature_range", count: 1, lines: [3] },
      { code: "max_tokens_over_ceiling", count: 1, lines: [5] },
      { code: "max_tokens_over_ceiling", count: 1, lines: [6] },
    ]);
    expect(warnings[2]?.message).toContain('model "claude-y"');
    expect(warnings[4]?.message).toContain("claude-sonnet-4-0's 64,000-token ceiling");
    expect(warnings[5]?.message).toContain("claude-haiku-4-5-20251001's 64,000-token ceiling");
  });

  it("counts every request but keeps only the first 5 lines", () => {
    const warnings = new RequestWarnings();
    for (let line = 1; line <= 100_000; line++) {
      warnings.add(
        request(`r${line}`, { model: "claude-unknown", temperature: line % 2 === 0 ? 1.2 : 0.5 }),
        line,
      );
    }
    const list = warnings.list();
    expect(list.map(({ code, count, lines }) => ({ code, count, lines }))).toEqual([
      { code: "unknown_model", count: 100_000, lines: [1, 2, 3, 4, 5] },
      { code: "temperature_range", count: 50_000, lines: [2, 4, 6, 8, 10] },
    ]);
    expect(list[0]?.message).toContain(
      "each of these 100,000 requests will end as errored (not_found_error)",
    );
  });

  it("hands out copies, so a caller cannot change what it has collected", () => {
    const warnings = new RequestWarnings();
    warnings.add(request("a", { model: "claude-x" }), 1);
    warnings.list()[0]?.lines.push(99);
    expect(warnings.list()[0]?.lines).toEqual([1]);
  });
});
