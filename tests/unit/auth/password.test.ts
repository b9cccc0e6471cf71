import { describe, expect, it } from "vitest";
import { secretsMatch } from "../../../lib/auth/password";

const PASSWORD = "correct horse battery staple";

describe("secretsMatch", () => {
  it("accepts the exact secret", () => expect(secretsMatch(PASSWORD, PASSWORD)).toBe(true));

  it.each([
    ["a wrong one", "correct horse battery stapler"],
    ["a prefix", PASSWORD.slice(0, -1)],
    ["different case", PASSWORD.toUpperCase()],
    ["trailing space", `${PASSWORD} `],
    ["empty", ""],
    ["much longer", PASSWORD.repeat(100)],
  ])("refuses %s", (_label, given) => expect(secretsMatch(given, PASSWORD)).toBe(false));

  it("refuses a missing value", () => {
    expect(secretsMatch(undefined, PASSWORD)).toBe(false);
    expect(secretsMatch(null, PASSWORD)).toBe(false);
  });

  it("never matches when nothing is configured, even an empty string", () => {
    expect(secretsMatch("", undefined)).toBe(false);
    expect(secretsMatch(undefined, undefined)).toBe(false);
    expect(secretsMatch("", "")).toBe(false);
  });

  it("compares unicode by its UTF-8 bytes", () => {
    expect(secretsMatch("pässwörd-long-enough", "pässwörd-long-enough")).toBe(true);
    expect(secretsMatch("pa\u0308sswo\u0308rd-long-enough", "pässwörd-long-enough")).toBe(false);
  });
});
