import { describe, expect, it } from "vitest";
import { MODELS_AS_OF, resolveModel } from "../../../lib/models/catalogue";
import catalogue from "../../../lib/models/models.json";
import { PRICES_AS_OF, priceFor, type Rates } from "../../../lib/pricing/prices";
import table from "../../../lib/pricing/prices.json";

const RATE_KEYS: (keyof Rates)[] = ["input", "cacheWrite5m", "cacheWrite1h", "cacheRead", "output"];

describe("priceFor", () => {
  it("gives standard and batch rates in USD per MTok", () => {
    expect(priceFor("claude-haiku-4-5-20251001")).toEqual({
      standard: { input: 1, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1, output: 5 },
      batch: { input: 0.5, cacheWrite5m: 0.625, cacheWrite1h: 1, cacheRead: 0.05, output: 2.5 },
      confirmed: true,
    });
  });

  it("resolves an alias to its model's price", () => {
    expect(priceFor("claude-haiku-4-5")).toBe(priceFor("claude-haiku-4-5-20251001"));
    expect(priceFor("claude-3-5-haiku-latest")?.standard.output).toBe(4);
    expect(priceFor("claude-opus-4-0")?.batch.output).toBe(37.5);
  });

  it("has no price for an unknown model, nor for a known one missing from the table", () => {
    expect(priceFor("claude-does-not-exist-9")).toBeUndefined();
    expect(priceFor("")).toBeUndefined();
    expect(priceFor("claude-fable-5-2")).toBeUndefined();
  });

  it("marks prices seen only in undated copies as unconfirmed", () => {
    expect(priceFor("claude-opus-5-5")).toMatchObject({
      standard: { input: 4, output: 20 },
      confirmed: false,
    });
    expect(priceFor("claude-sonnet-5")?.confirmed).toBe(false);
    expect(priceFor("claude-opus-4-6")?.confirmed).toBe(true);
  });

  it("prices every kind of token in a batch at half the standard rate", () => {
    for (const { id } of catalogue.models) {
      const price = priceFor(id);
      if (!price) continue;
      for (const key of RATE_KEYS) expect(price.batch[key], `${id} ${key}`).toBe(price.standard[key] / 2);
    }
  });

  it("carries the dates the tables were checked", () => {
    expect(PRICES_AS_OF).toBe("2026-11-22");
    expect(MODELS_AS_OF).toBe("2026-11-22");
  });
});

describe("prices.json", () => {
  it("prices every catalogued model but the three no source gives a price for", () => {
    const unpriced = catalogue.models.map(({ id }) => id).filter((id) => !priceFor(id));
    expect(unpriced).toEqual(["claude-fable-5-2", "claude-mythos-5-2", "claude-mythos-preview"]);
  });

  it("lists each model once, under its canonical id", () => {
    const listed = table.prices.flatMap((entry) => entry.models);
    expect(new Set(listed).size).toBe(listed.length);
    for (const id of listed) expect(resolveModel(id)?.id, id).toBe(id);
  });

  // The batch-processing guide's table (users.md §6), the one source that is confirmed for every row.
  it.each([
    ["claude-fable-5", 5, 25],
    ["claude-mythos-5", 5, 25],
    ["claude-opus-4-8", 2.5, 12.5],
    ["claude-opus-4-7", 2.5, 12.5],
    ["claude-opus-4-6", 2.5, 12.5],
    ["claude-opus-4-5", 2.5, 12.5],
    ["claude-opus-4-1", 7.5, 37.5],
    ["claude-opus-4-0", 7.5, 37.5],
    ["claude-sonnet-4-6", 1.5, 7.5],
    ["claude-sonnet-4-5", 1.5, 7.5],
    ["claude-sonnet-4-0", 1.5, 7.5],
    ["claude-haiku-4-5", 0.5, 2.5],
    ["claude-3-5-haiku-latest", 0.4, 2],
  ])("matches the batch guide for %s: $%s in, $%s out", (model, input, output) => {
    expect(priceFor(model)).toMatchObject({ batch: { input, output }, confirmed: true });
  });

  it("follows the pricing page's cache multipliers on confirmed rows (1.25×, 2×, 0.1× input)", () => {
    for (const entry of table.prices.filter(({ confirmed }) => confirmed)) {
      expect(entry.cacheWrite5m, entry.models[0]).toBeCloseTo(entry.input * 1.25, 10);
      expect(entry.cacheWrite1h, entry.models[0]).toBeCloseTo(entry.input * 2, 10);
      expect(entry.cacheRead, entry.models[0]).toBeCloseTo(entry.input * 0.1, 10);
    }
  });
});
