import { Transform } from "node:stream";

/** Passes bytes through until `lines` complete lines have gone by, then calls `cut` instead of going on. */
export function cutAfterLines(lines: number, cut: () => void): Transform {
  let seen = 0;
  let done = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (done) return callback();
      let end = 0;
      while (seen < lines) {
        const newline = chunk.indexOf(0x0a, end);
        if (newline === -1) break;
        end = newline + 1;
        seen += 1;
      }
      if (seen < lines) return callback(null, chunk);
      done = true;
      this.push(chunk.subarray(0, end));
      // Give the lines already pushed a moment to reach the socket before it is destroyed.
      setTimeout(cut, 20);
      callback();
    },
    // Past the cut the stream must never end cleanly, or the client would take the short file for the whole.
    flush(callback) {
      if (!done) callback();
    },
  });
}
