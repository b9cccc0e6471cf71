import { utf8Length } from "./utf8";

/** The create body is `{"requests":[` + the canonical requests joined by "," + `]}`. */
export const BODY_PREFIX = '{"requests":[';
export const BODY_SUFFIX = "]}";

/** Roughly how many bytes each yielded chunk holds. */
export const BODY_CHUNK_BYTES = 1 << 20;

/**
 * Streams the create body from canonical request strings (the validator's `onRequest` output, e.g. read
 * back line by line from a spool file, without their "\n"), batched into `Uint8Array` chunks of about
 * `chunkBytes`. The bytes are exactly those `bodyByteLength` counts, so the caller can send a
 * Content-Length it computed before the first byte.
 */
export async function* requestBodyChunks(
  requests: AsyncIterable<string> | Iterable<string>,
  chunkBytes: number = BODY_CHUNK_BYTES,
): AsyncGenerator<Uint8Array, void, undefined> {
  const encoder = new TextEncoder();
  let parts: string[] = [BODY_PREFIX];
  let size = BODY_PREFIX.length;
  let first = true;
  for await (const request of requests) {
    if (!first) {
      parts.push(",");
      size += 1;
    }
    first = false;
    parts.push(request);
    // String length undercounts UTF-8 bytes, never overcounts: chunks are at least this big.
    size += request.length;
    if (size >= chunkBytes) {
      yield encoder.encode(parts.join(""));
      parts = [];
      size = 0;
    }
  }
  parts.push(BODY_SUFFIX);
  yield encoder.encode(parts.join(""));
}

/** The exact byte length of the body `requestBodyChunks` makes from these requests. */
export function bodyByteLength(requests: Iterable<string>): number {
  let total = BODY_PREFIX.length + BODY_SUFFIX.length;
  let count = 0;
  for (const request of requests) {
    total += utf8Length(request);
    count += 1;
  }
  return total + Math.max(0, count - 1);
}
