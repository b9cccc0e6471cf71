import "server-only";
import type { Readable } from "node:stream";
import { redact } from "./redact";

/**
 * The upstream results body as a pull-based web stream that counts complete lines and fails — never ends
 * cleanly — when the upstream breaks or delivers fewer or more lines than the batch has requests. It pulls
 * only while its small queue has room, so a slow browser holds the upstream socket, not server memory.
 */
export function verifiedResultsStream(body: Readable, expectedLines: number): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let lines = 0;
  let lastByte = 0x0a;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: IteratorResult<Buffer>;
        try {
          next = await chunks.next();
        } catch (error) {
          const reason = redact(error instanceof Error ? error.message : String(error));
          controller.error(
            new Error(`results stream broke after ${lines} of ${expectedLines} lines: ${reason}`),
          );
          return;
        }
        if (next.done) {
          const total = lines + (lastByte === 0x0a ? 0 : 1);
          if (total !== expectedLines) {
            controller.error(new Error(`results truncated: got ${total} of ${expectedLines} lines`));
          } else {
            controller.close();
          }
          return;
        }
        const chunk = next.value;
        for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines += 1;
        if (chunk.length > 0) lastByte = chunk[chunk.length - 1] ?? lastByte;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      },
      cancel() {
        body.destroy();
      },
    },
    // Up to 1 MiB read ahead: enough to keep the socket busy, still bounded for a reader that stalls.
    new ByteLengthQueuingStrategy({ highWaterMark: 1 << 20 }),
  );
}
