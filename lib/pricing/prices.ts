import { resolveModel } from "../models/catalogue";
import table from "./prices.json";

/** What a model charges for each kind of token, in USD per million tokens (MTok). */
export interface Rates {
  readonly input: number;
  readonly cacheWrite5m: number;
  readonly cacheWrite1h: number;
  readonly cacheRead: number;
  readonly output: number;
}

/** A model's prices: `batch` is `standard` with the batch discount applied to every kind of token. */
export interface ModelPrice {
  readonly standard: Rates;
  readonly batch: Rates;
  /** False for prices seen only in undated copies of the pricing page or in third-party fixtures. */
  readonly confirmed: boolean;
}

/** The day `prices.json` was last checked against Anthropic's pricing page. */
export const PRICES_AS_OF: string = table.asOf;

const scaled = (rates: Rates, factor: number): Rates =>
  Object.freeze({
    input: rates.input * factor,
    cacheWrite5m: rates.cacheWrite5m * factor,
    cacheWrite1h: rates.cacheWrite1h * factor,
    cacheRead: rates.cacheRead * factor,
    output: rates.output * factor,
  });

const byId = new Map<string, ModelPrice>();
for (const { models, confirmed, ...rates } of table.prices) {
  // Scaling by 1 copies the five rates and leaves any `note` behind.
  const standard = scaled(rates, 1);
  const price = Object.freeze({ standard, batch: scaled(standard, table.batchDiscount), confirmed });
  for (const id of models) byId.set(id, price);
}

/**
 * The prices of a model named by id or alias, or `undefined` when the model is unknown or has no price on
 * record (a model newer than `PRICES_AS_OF`, say).
 */
export function priceFor(model: string): ModelPrice | undefined {
  const known = resolveModel(model);
  return known && byId.get(known.id);
}
