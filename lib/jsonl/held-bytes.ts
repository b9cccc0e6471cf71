/**
 * A copy of part of a chunk. Not `chunk.slice()`: on a Node Buffer that returns a view of the same memory,
 * and the caller may reuse its buffer after `push` returns.
 */
export function copyOf(chunk: Uint8Array, start: number, end: number): Uint8Array {
  const copy = new Uint8Array(end - start);
  copy.set(chunk.subarray(start, end));
  return copy;
}

/** The pieces held from earlier chunks followed by `tail`, as one array; `tail` itself when none are held. */
export function joinHeld(held: readonly Uint8Array[], heldBytes: number, tail: Uint8Array): Uint8Array {
  if (heldBytes === 0) return tail;
  const joined = new Uint8Array(heldBytes + tail.length);
  let at = 0;
  for (const piece of held) {
    joined.set(piece, at);
    at += piece.length;
  }
  joined.set(tail, at);
  return joined;
}
