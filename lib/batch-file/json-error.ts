/**
 * Finds where and why `JSON.parse` refused a text. Engines word their errors differently and V8 often
 * gives no position at all ("Unexpected token 'a', … is not valid JSON"), so the failure path re-reads the
 * text with this small, iterative (stack-safe) scanner and reports the same message on server and browser.
 * It runs only after `JSON.parse` has failed, so it is written for clarity, not speed.
 */

export interface JsonErrorAt {
  /** 0-based index in the text (UTF-16 code units); the text's length for a premature end. */
  index: number;
  message: string;
}

/**
 * What may come next: a value; just after "[" a value or "]"; just after "{" a key or "}"; after "," in an
 * object a key; a colon; after a value, "," or the container's end (or, at the top level, nothing).
 */
type Expect = "value" | "firstElement" | "firstKey" | "key" | "colon" | "afterValue";

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

function describe(text: string, index: number): string {
  const code = text.codePointAt(index) ?? 0;
  if (code === 0xfeff) return "byte order mark (U+FEFF)";
  if (code < 0x20 || code === 0x7f)
    return `control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return `"${String.fromCodePoint(code)}"`;
}

/** Returns where `text` stops being JSON, or `undefined` if it is valid JSON. */
export function locateJsonError(text: string): JsonErrorAt | undefined {
  const stack: number[] = [];
  let expect: Expect = "value";
  let i = 0;
  const n = text.length;
  const fail = (index: number, message: string): JsonErrorAt => ({ index, message });

  while (true) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) {
      if (expect === "afterValue" && stack.length === 0) return undefined;
      return fail(
        n,
        stack.length > 0 ? `JSON ends before its closing "${closer(stack)}"` : "JSON ends too early",
      );
    }
    const c = text.charCodeAt(i);
    switch (expect) {
      case "afterValue": {
        const top = stack[stack.length - 1];
        if (top === undefined)
          return fail(i, `unexpected ${describe(text, i)} after the end of the JSON value`);
        if (c === 0x2c) {
          expect = top === 0x7b ? "key" : "value";
          const next = skipSpace(text, i + 1);
          const closing = top === 0x7b ? 0x7d : 0x5d;
          if (text.charCodeAt(next) === closing)
            return fail(i, `trailing comma before "${String.fromCharCode(closing)}"`);
          i++;
          continue;
        }
        if ((top === 0x7b && c === 0x7d) || (top === 0x5b && c === 0x5d)) {
          stack.pop();
          i++;
          continue;
        }
        return fail(
          i,
          top === 0x7b
            ? `expected "," or "}" after a property value, found ${describe(text, i)}`
            : `expected "," or "]" after an array element, found ${describe(text, i)}`,
        );
      }
      case "firstKey":
      case "key": {
        if (c === 0x7d && expect === "firstKey") {
          stack.pop();
          expect = "afterValue";
          i++;
          continue;
        }
        if (c !== 0x22)
          return fail(i, `expected a property name in double quotes, found ${describe(text, i)}`);
        const end = scanString(text, i);
        if (typeof end !== "number") return end;
        i = end;
        expect = "colon";
        continue;
      }
      case "colon": {
        if (c !== 0x3a) return fail(i, `expected ":" after a property name, found ${describe(text, i)}`);
        i++;
        expect = "value";
        continue;
      }
      case "firstElement":
        if (c === 0x5d) {
          stack.pop();
          expect = "afterValue";
          i++;
          continue;
        }
        break;
      case "value":
        break;
    }
    // A value starts here.
    if (c === 0x7b || c === 0x5b) {
      stack.push(c);
      expect = c === 0x7b ? "firstKey" : "firstElement";
      i++;
      continue;
    }
    let end: number | JsonErrorAt;
    if (c === 0x22) end = scanString(text, i);
    else if (c === 0x2d || isDigit(c)) end = scanNumber(text, i);
    else if (c === 0x74) end = scanLiteral(text, i, "true");
    else if (c === 0x66) end = scanLiteral(text, i, "false");
    else if (c === 0x6e) end = scanLiteral(text, i, "null");
    else return fail(i, `unexpected ${describe(text, i)} where a value should be`);
    if (typeof end !== "number") return end;
    i = end;
    expect = "afterValue";
  }
}

function closer(stack: number[]): string {
  return stack[stack.length - 1] === 0x7b ? "}" : "]";
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Returns the index after the closing quote. */
function scanString(text: string, start: number): number | JsonErrorAt {
  let i = start + 1;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) {
      return { index: i, message: `raw ${describe(text, i)} in a string (write it as an escape)` };
    }
    if (c === 0x5c) {
      const e = text.charCodeAt(i + 1);
      if (e === 0x75) {
        for (let k = 2; k < 6; k++) {
          if (!isHex(text.charCodeAt(i + k))) return { index: i, message: 'bad "\\u" escape in a string' };
        }
        i += 6;
        continue;
      }
      // " \ / b f n r t
      if (
        e === 0x22 ||
        e === 0x5c ||
        e === 0x2f ||
        e === 0x62 ||
        e === 0x66 ||
        e === 0x6e ||
        e === 0x72 ||
        e === 0x74
      ) {
        i += 2;
        continue;
      }
      if (i + 1 >= n) break;
      return {
        index: i,
        message: `bad escape "\\${String.fromCodePoint(text.codePointAt(i + 1) ?? 0)}" in a string`,
      };
    }
    i++;
  }
  return { index: start, message: "string is not closed" };
}

function scanNumber(text: string, start: number): number | JsonErrorAt {
  let i = start;
  const bad = (message: string): JsonErrorAt => ({ index: start, message });
  if (text.charCodeAt(i) === 0x2d) i++;
  const first = text.charCodeAt(i);
  if (!isDigit(first)) return bad('"-" must be followed by a digit');
  i++;
  if (first === 0x30 && isDigit(text.charCodeAt(i))) return bad("numbers must not have leading zeros");
  while (isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    if (!isDigit(text.charCodeAt(i))) return bad('"." in a number must be followed by a digit');
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    if (!isDigit(text.charCodeAt(i))) return bad("a number's exponent must have digits");
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

function scanLiteral(text: string, start: number, word: string): number | JsonErrorAt {
  for (let k = 0; k < word.length; k++) {
    if (text.charCodeAt(start + k) !== word.charCodeAt(k)) {
      return start + k >= text.length
        ? { index: text.length, message: "JSON ends too early" }
        : { index: start, message: `unexpected ${describe(text, start)} where a value should be` };
    }
  }
  return start + word.length;
}
