import { priceFor, type Rates } from "../pricing/prices";
import type { ModelTally } from "./validate";

/**
 * Characters of text per input token. English runs at roughly 3.5–4 characters per token with Claude's
 * tokenizer; the low end is taken so that the estimate, meant as an upper bound, does not understate the
 * input. Images, documents and tool definitions are not counted at all, so a batch heavy in those costs more.
 */
export const CHARS_PER_TOKEN = 3.5;

/** The estimate for the requests naming one model. */
export interface ModelEstimate {
  /** As written in the file: an alias stays an alias. */
  model: string;
  requests: number;
  /** Estimated from the characters of text (`CHARS_PER_TOKEN`). */
  inputTokens: number;
  /** The sum of `max_tokens`: the most the requests can be billed for output. */
  maxOutputTokens: number;
  /** In USD; absent when the model has no price on record. */
  batchCost?: number;
  /** The same requests sent one by one to the Messages API, in USD; absent when `batchCost` is. */
  standardCost?: number;
  /** False when unpriced or priced from an unconfirmed copy of the pricing page. */
  confirmed: boolean;
}

/** The largest a batch can cost before it runs: all input billed at the base rate, every `max_tokens` used. */
export interface CostEstimate {
  /** Most requests first, then by model name. */
  perModel: ModelEstimate[];
  inputTokens: number;
  maxOutputTokens: number;
  /** USD, summed over the priced models only. */
  batchCost: number;
  standardCost: number;
  /** Models without a price, in `perModel` order: their requests are left out of the costs. */
  unpriced: string[];
}

/**
 * Rates become whole millionths of a dollar per MTok and costs are summed as bigint, so that no sum picks up
 * binary rounding (0.1 × 3 ≠ 0.3) and 100,000 requests × 128k tokens × $75 still fit.
 */
const RATE_SCALE = 1_000_000;
const TOKENS_PER_MTOK = 1_000_000n;
const UNITS_PER_DOLLAR = BigInt(RATE_SCALE) * TOKENS_PER_MTOK;

const rateUnits = (rate: number): bigint => BigInt(Math.round(rate * RATE_SCALE));

const costUnits = (inputTokens: number, outputTokens: number, rates: Rates): bigint =>
  BigInt(inputTokens) * rateUnits(rates.input) + BigInt(outputTokens) * rateUnits(rates.output);

/** The nearest number of dollars to an exact amount (whole part first, so large totals keep their cents). */
function dollars(units: bigint): number {
  return Number(units / UNITS_PER_DOLLAR) + Number(units % UNITS_PER_DOLLAR) / Number(UNITS_PER_DOLLAR);
}

/**
 * The upper bound of a batch's cost from the validator's per-model tallies: estimated input tokens at the
 * input rate plus every request's `max_tokens` at the output rate. No cache writes or reads are assumed, as
 * nothing is known about them before the batch runs. Costs are unrounded; round only for display.
 */
export function estimateCost(models: Record<string, ModelTally>): CostEstimate {
  const perModel: ModelEstimate[] = [];
  const unpriced: string[] = [];
  let inputTokens = 0;
  let maxOutputTokens = 0;
  let batchUnits = 0n;
  let standardUnits = 0n;
  const ordered = Object.entries(models).sort(
    ([a, x], [b, y]) => y.requests - x.requests || (a < b ? -1 : a > b ? 1 : 0),
  );
  for (const [model, tally] of ordered) {
    const estimate: ModelEstimate = {
      model,
      requests: tally.requests,
      inputTokens: Math.ceil(tally.inputChars / CHARS_PER_TOKEN),
      maxOutputTokens: tally.maxTokens,
      confirmed: false,
    };
    inputTokens += estimate.inputTokens;
    maxOutputTokens += estimate.maxOutputTokens;
    const price = priceFor(model);
    if (price) {
      const batch = costUnits(estimate.inputTokens, estimate.maxOutputTokens, price.batch);
      const standard = costUnits(estimate.inputTokens, estimate.maxOutputTokens, price.standard);
      batchUnits += batch;
      standardUnits += standard;
      estimate.batchCost = dollars(batch);
      estimate.standardCost = dollars(standard);
      estimate.confirmed = price.confirmed;
    } else {
      unpriced.push(model);
    }
    perModel.push(estimate);
  }
  return {
    perModel,
    inputTokens,
    maxOutputTokens,
    batchCost: dollars(batchUnits),
    standardCost: dollars(standardUnits),
    unpriced,
  };
}
