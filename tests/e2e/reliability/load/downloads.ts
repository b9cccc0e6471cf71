// Results downloads for the load case: each reads the whole body on its own connection and hashes it, so
// a download is only counted complete when it is byte-identical to what the upstream holds.
import { createHash } from "node:crypto";
import { request } from "undici";
import { sleep } from "../../api/harness";

export interface Download {
  bytes: number;
  sha256: string;
  /** From the request to the last byte. */
  ms: number;
  status: number;
  error?: string;
}

/**
 * GETs `url` to the end. With `bytesPerSecond`, the reader pauses after each chunk as long as that rate
 * asks, like a browser saving to a slow disk or a client on a slow link.
 */
export async function download(
  url: string,
  headers: Record<string, string> = {},
  bytesPerSecond?: number,
): Promise<Download> {
  const started = performance.now();
  const hash = createHash("sha256");
  let bytes = 0;
  let status = 0;
  try {
    const response = await request(url, { headers, headersTimeout: 60_000, bodyTimeout: 120_000 });
    status = response.statusCode;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      if (bytesPerSecond) await sleep((chunk.length / bytesPerSecond) * 1000);
    }
  } catch (error) {
    return { bytes, sha256: "", ms: performance.now() - started, status, error: String(error) };
  }
  return { bytes, sha256: hash.digest("hex"), ms: performance.now() - started, status };
}
