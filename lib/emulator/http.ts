import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import { ApiError, errorEnvelope } from "./errors";

/** A fixed organization id, sent on every response like the real API's `anthropic-organization-id`. */
const ORGANIZATION_ID = "5d3c2a0e-6f4b-4c1d-9e8a-0b7c6d5e4f3a";

export function baseHeaders(requestId: string): Record<string, string> {
  return { "request-id": requestId, "anthropic-organization-id": ORGANIZATION_ID };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  // Node has no reason phrase for 529; the real API's edge says "Overloaded".
  res.writeHead(status, STATUS_CODES[status] ?? "Overloaded", {
    ...baseHeaders(requestId),
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: ApiError, requestId: string): void {
  sendJson(res, error.status, errorEnvelope(error.type, error.message, requestId), requestId, error.headers);
}

/**
 * Reads a request body of at most `limit` bytes. A larger body is still read to its end, so the client
 * gets the 413 instead of a broken pipe, but none of it is kept.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  const tooLarge = () =>
    new ApiError(413, "request_too_large", `Request exceeds the maximum allowed size of ${limit} bytes.`);
  let overflow = Number.isFinite(declared) && declared > limit;
  // With a declared length, one buffer is filled in place instead of keeping chunks and copying them.
  const whole = !overflow && Number.isFinite(declared) ? Buffer.allocUnsafe(declared) : undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (overflow) continue;
    if (size + chunk.length > (whole ? whole.length : limit)) {
      overflow = true;
      chunks.length = 0;
      continue;
    }
    if (whole) chunk.copy(whole, size);
    else chunks.push(chunk);
    size += chunk.length;
  }
  if (overflow) throw tooLarge();
  return whole ? whole.subarray(0, size) : Buffer.concat(chunks, size);
}
