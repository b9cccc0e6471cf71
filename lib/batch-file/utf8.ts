const encoder = new TextEncoder();
/** Reused by `utf8Length`: 1 MiB holds any line of up to ~350k characters in one call. */
const scratch = new Uint8Array(1 << 20);

/** The exact UTF-8 byte length of a string, without keeping an encoded copy. */
export function utf8Length(text: string): number {
  if (text.length * 3 <= scratch.length) return encoder.encodeInto(text, scratch).written;
  let total = 0;
  let rest = text;
  while (rest.length > 0) {
    const { read, written } = encoder.encodeInto(rest, scratch);
    total += written;
    rest = rest.slice(read);
  }
  return total;
}

/**
 * Index of the first byte that starts an invalid UTF-8 sequence (truncated, overlong, a surrogate, above
 * U+10FFFF, or a stray continuation byte), or -1. Only used to say where a fatal decode failed.
 */
export function invalidUtf8Index(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
