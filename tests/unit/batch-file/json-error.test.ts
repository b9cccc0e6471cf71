import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { locateJsonError } from "../../../lib/batch-file/json-error";

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe("locateJsonError", () => {
  it.each([
    ['{"a": abc}', 6, 'unexpected "a" where a value should be'],
    ['{"a":1,}', 6, 'trailing comma before "}"'],
    ["[1,]", 2, 'trailing comma before "]"'],
    ['{"a" 1}', 5, 'expected ":" after a property name, found "1"'],
    ["{a:1}", 1, 'expected a property name in double quotes, found "a"'],
    ['{"a":1 "b":2}', 7, 'expected "," or "}" after a property value, found """'],
    ["[1 2]", 3, 'expected "," or "]" after an array element, found "2"'],
    ['{"a":"x\ty"}', 7, "raw control character U+0009 in a string (write it as an escape)"],
    ['"\\x"', 1, 'bad escape "\\x" in a string'],
    ['"\\u12G4"', 1, 'bad "\\u" escape in a string'],
    ['"abc', 0, "string is not closed"],
    ["01", 0, "numbers must not have leading zeros"],
    ["-", 0, '"-" must be followed by a digit'],
    ["1.", 0, '"." in a number must be followed by a digit'],
    ["1e+", 0, "a number's exponent must have digits"],
    ["tru", 3, "JSON ends too early"],
    ["nul!", 0, 'unexpected "n" where a value should be'],
    ['{"a":[1', 7, 'JSON ends before its closing "]"'],
    ["", 0, "JSON ends too early"],
    ["{} x", 3, 'unexpected "x" after the end of the JSON value'],
    ["\ufeff{}", 0, "unexpected byte order mark (U+FEFF) where a value should be"],
  ])("locates the error in %j", (text, index, message) => {
    expect(parses(text)).toBe(false);
    expect(locateJsonError(text)).toEqual({ index, message });
  });

  it("is stack-safe on deep nesting", () => {
    expect(locateJsonError(`${"[".repeat(200_000)}${"]".repeat(200_000)}`)).toBeUndefined();
    expect(locateJsonError(`${"[".repeat(200_000)}`)?.index).toBe(200_000);
  });

  const fragments = fc.constantFrom(
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    '"',
    '"k"',
    "\\",
    "\\u00e9",
    "1",
    "-0.5e+3",
    "01",
    "true",
    "fals",
    "null",
    " ",
    "\n",
    "\t",
    "\r",
    "\u0000",
    "é",
    "\ud800",
    "x",
    "1.",
    "e5",
  );

  test.prop(
    [
      fc.oneof(
        fc.json(),
        fc.array(fragments, { maxLength: 16 }).map((parts) => parts.join("")),
      ),
    ],
    {
      seed: 20261122,
      numRuns: 2000,
    },
  )("agrees with JSON.parse on what is JSON", (text) => {
    expect(locateJsonError(text) === undefined).toBe(parses(text));
  });

  test.prop([fc.json(), fc.nat(), fc.constantFrom("", ",", "}", "]", ":", "x", "\u0001")], {
    seed: 20261122,
    numRuns: 1000,
  })("agrees with JSON.parse on JSON with one edit", (json, at, insert) => {
    const position = at % (json.length + 1);
    const text = json.slice(0, position) + insert + json.slice(position + (insert === "" ? 1 : 0));
    expect(locateJsonError(text) === undefined).toBe(parses(text));
  });
});
