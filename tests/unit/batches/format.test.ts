import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatCompact,
  formatCount,
  formatDuration,
  formatPercent,
  formatRelative,
  formatUsd,
  formatUtc,
} from "../../../lib/batches/format";

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe("formatDuration", () => {
  it.each([
    [0, "0 s"],
    [999, "0 s"],
    [45 * S, "45 s"],
    [3 * MIN, "3 min"],
    [3 * MIN + 12 * S, "3 min 12 s"],
    [5 * H + 3 * MIN + 59 * S, "5 h 3 min"],
    [24 * H, "24 h"],
    [23 * H + 59 * MIN, "23 h 59 min"],
    [2 * D + 4 * H, "2 d 4 h"],
    [-5 * S, "0 s"],
  ])("%i ms → %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe("formatRelative", () => {
  const now = Date.parse("2025-06-01T12:00:00Z");
  const at = (offset: number) => new Date(now + offset).toISOString();

  it.each([
    [-10 * S, "just now"],
    [10 * S, "in a few seconds"],
    [-50 * S, "1 min ago"],
    [-5 * MIN, "5 min ago"],
    [-3 * H - 5 * MIN, "3 h ago"],
    [23 * H, "in 23 h"],
    [-3 * D, "3 d ago"],
    [28 * D, "in 28 d"],
  ])("%i ms from now → %s", (offset, text) => expect(formatRelative(at(offset), now)).toBe(text));
});

describe("formatPercent", () => {
  it("never rounds a real part to 0 % or a partial whole to 100 %", () => {
    expect(formatPercent(1, 1000)).toBe("<1%");
    expect(formatPercent(999, 1000)).toBe(">99%");
    expect(formatPercent(0, 10)).toBe("0%");
    expect(formatPercent(10, 10)).toBe("100%");
    expect(formatPercent(1, 3)).toBe("33%");
    expect(formatPercent(0, 0)).toBe("0%");
  });
});

describe("fixed-locale text (the same on the server and in the browser)", () => {
  it("formats counts with en-US grouping", () => expect(formatCount(100000)).toBe("100,000"));
  it("formats UTC times without the locale", () => {
    expect(formatUtc("2024-09-24T18:37:24.100435Z")).toBe("2024-09-24 18:37:24 UTC");
    expect(formatUtc("not a date")).toBe("not a date");
  });
});

describe("formatBytes", () => {
  it("uses decimal units, as the API's 256 MB limit does", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1000)).toBe("1.00 kB");
    expect(formatBytes(43_412_345)).toBe("43.4 MB");
    expect(formatBytes(256_000_000)).toBe("256 MB");
    expect(formatBytes(1_500_000_000)).toBe("1.50 GB");
  });
});

describe("formatCompact", () => {
  it("shortens token counts to k and M", () => {
    expect(formatCompact(812)).toBe("812");
    expect(formatCompact(1500)).toBe("1.5k");
    expect(formatCompact(34_500)).toBe("35k");
    expect(formatCompact(1_234_567)).toBe("1.23M");
    expect(formatCompact(100_000_000)).toBe("100.0M");
  });
});

describe("formatUsd", () => {
  it("keeps two significant digits under a dollar, so small amounts never read $0.00", () => {
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(0.0042)).toBe("$0.0042");
    expect(formatUsd(0.0154)).toBe("$0.015");
    expect(formatUsd(0.42)).toBe("$0.42");
    expect(formatUsd(0.5)).toBe("$0.50");
    expect(formatUsd(1234.567)).toBe("$1,234.57");
  });
});
