import { describe, expect, it } from "vitest";
import { asResultLine } from "../../../lib/results/result-line";

describe("asResultLine", () => {
  it.each([
    ["succeeded", { custom_id: "a", result: { type: "succeeded", message: {} } }],
    ["errored", { custom_id: "b", result: { type: "errored", error: {} } }],
    ["canceled", { custom_id: "c", result: { type: "canceled" } }],
    ["expired", { custom_id: "", result: { type: "expired" } }],
  ])("accepts a %s line as it is", (_type, value) => {
    expect(asResultLine(value)).toBe(value);
  });

  it("checks only the envelope: a succeeded line without a message still passes", () => {
    const value = { custom_id: "a", result: { type: "succeeded" } };
    expect(asResultLine(value)).toBe(value);
  });

  it.each([
    ["not an object", "hello"],
    ["null", null],
    ["an array", [{ custom_id: "a", result: { type: "canceled" } }]],
    ["no custom_id", { result: { type: "canceled" } }],
    ["a numeric custom_id", { custom_id: 1, result: { type: "canceled" } }],
    ["no result", { custom_id: "a" }],
    ["a result that is a string", { custom_id: "a", result: "canceled" }],
    ["an unknown result type", { custom_id: "a", result: { type: "skipped" } }],
    ["a result type in another case", { custom_id: "a", result: { type: "Succeeded" } }],
  ])("rejects %s", (_why, value) => {
    expect(asResultLine(value)).toBeUndefined();
  });
});
