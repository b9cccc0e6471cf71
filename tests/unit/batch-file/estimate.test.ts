import { describe, expect, it } from "vitest";
import { CHARS_PER_TOKEN, estimateCost } from "../../../lib/batch-file/estimate";

describe("estimateCost", () => {
  it("prices input at the input rate and every max_tokens at the output rate", () => {
    // 700 chars / 3.5 = 200 tokens × $0.50/MTok + (1000 + 3000) tokens × $2.50/MTok = $0.0001 + $0.01.
    const estimate = estimateCost({ "claude-haiku-4-5": { requests: 2, maxTokens: 4000, inputChars: 700 } });
    expect(estimate).toEqual({
      perModel: [
        {
          model: "claude-haiku-4-5",
          requests: 2,
          inputTokens: 200,
          maxOutputTokens: 4000,
          batchCost: 0.0101,
          standardCost: 0.0202,
          confirmed: true,
        },
      ],
      inputTokens: 200,
      maxOutputTokens: 4000,
      batchCost: 0.0101,
      standardCost: 0.0202,
      unpriced: [],
    });
  });

  it("rounds a part token up", () => {
    expect(CHARS_PER_TOKEN).toBe(3.5);
    const estimate = estimateCost({ "claude-haiku-4-5": { requests: 1, maxTokens: 1, inputChars: 701 } });
    expect(estimate.inputTokens).toBe(201);
  });

  it("computes and sums without binary rounding", () => {
    // 3 chars = 1 token × $0.40 + 3 tokens × $2 per MTok; 1 * 0.4 / 1e6 + 3 * 2 / 1e6 is 0.0000064000000000000006.
    const one = estimateCost({ "claude-3-5-haiku-latest": { requests: 1, maxTokens: 3, inputChars: 3 } });
    expect(one.batchCost).toBe(0.0000064);
    expect(one.standardCost).toBe(0.0000128);
    // $0.10 + $0.20, which 0.1 + 0.2 would make 0.30000000000000004.
    const two = estimateCost({
      "claude-haiku-4-5": { requests: 1, maxTokens: 40_000, inputChars: 0 },
      "claude-opus-4-6": { requests: 1, maxTokens: 16_000, inputChars: 0 },
    });
    expect(two.perModel.map((entry) => entry.batchCost)).toEqual([0.1, 0.2]);
    expect(two.batchCost).toBe(0.3);
  });

  it("stays exact for the largest batch", () => {
    // 100,000 requests × 32,000 max_tokens × $37.50/MTok output = $120,000; 100,000 × 35,000 chars → 10^9 tokens × $7.50.
    const estimate = estimateCost({
      "claude-opus-4-1": { requests: 100_000, maxTokens: 3_200_000_000, inputChars: 3_500_000_000 },
    });
    expect(estimate.batchCost).toBe(120_000 + 7_500);
    expect(estimate.standardCost).toBe(255_000);
  });

  it("adds up several models, most requests first, and reports the ones without a price", () => {
    const estimate = estimateCost({
      "claude-fable-5-2": { requests: 1, maxTokens: 100, inputChars: 35 },
      "claude-sonnet-4-6": { requests: 3, maxTokens: 2000, inputChars: 3500 },
      "claude-does-not-exist-9": { requests: 3, maxTokens: 10, inputChars: 7 },
      "claude-opus-5-5": { requests: 5, maxTokens: 1000, inputChars: 350 },
    });
    expect(estimate.perModel).toEqual([
      {
        model: "claude-opus-5-5",
        requests: 5,
        inputTokens: 100,
        maxOutputTokens: 1000,
        // 100 × $2 + 1000 × $10 per MTok.
        batchCost: 0.0102,
        standardCost: 0.0204,
        confirmed: false,
      },
      {
        model: "claude-does-not-exist-9",
        requests: 3,
        inputTokens: 2,
        maxOutputTokens: 10,
        confirmed: false,
      },
      {
        model: "claude-sonnet-4-6",
        requests: 3,
        inputTokens: 1000,
        maxOutputTokens: 2000,
        // 1000 × $1.50 + 2000 × $7.50 per MTok.
        batchCost: 0.0165,
        standardCost: 0.033,
        confirmed: true,
      },
      { model: "claude-fable-5-2", requests: 1, inputTokens: 10, maxOutputTokens: 100, confirmed: false },
    ]);
    expect(estimate).toMatchObject({
      inputTokens: 100 + 2 + 1000 + 10,
      maxOutputTokens: 1000 + 10 + 2000 + 100,
      batchCost: 0.0267,
      standardCost: 0.0534,
      unpriced: ["claude-does-not-exist-9", "claude-fable-5-2"],
    });
  });

  it("gives zero for no requests", () => {
    expect(estimateCost({})).toEqual({
      perModel: [],
      inputTokens: 0,
      maxOutputTokens: 0,
      batchCost: 0,
      standardCost: 0,
      unpriced: [],
    });
  });
});
