import "server-only";

export type UpstreamFailure =
  /** The upstream answered with a non-2xx status. */
  | "http"
  /** No connection was made: nothing reached the upstream. */
  | "connect"
  /** The connection broke or stalled after the request went out: the outcome is unknown. */
  | "socket"
  | "timeout"
  /** Our side gave up (the browser went away). */
  | "aborted";

/** Any failed upstream call, described the way the official SDK describes its errors. */
export class UpstreamError extends Error {
  constructor(
    readonly failure: UpstreamFailure,
    message: string,
    readonly status?: number,
    /** `error.type` of the body, e.g. `not_found_error`. */
    readonly type?: string,
    readonly requestId?: string,
    /** From `retry-after-ms` or `retry-after`. */
    readonly retryAfterMs?: number,
    /** From `x-should-retry`, which overrides the status. */
    readonly shouldRetry?: boolean,
  ) {
    super(message);
  }
}

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** `retry-after-ms` (float ms), else `retry-after` as seconds or an HTTP date, as the SDK reads them. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(header(headers, "retry-after-ms"));
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = header(headers, "retry-after");
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The API's words for a rate limit, an overload or a server error ("Overloaded", "Internal server error")
 * do not say whose server failed, and the dashboard shows the message to the user as is.
 */
function explained(status: number, message: string): string {
  if (status === 429) return `The Anthropic API is rate limiting this key: ${message}`;
  if (status === 529) return `The Anthropic API is overloaded (${message}). Try again shortly.`;
  if (status >= 500) return `The Anthropic API failed with HTTP ${status} (${message}). Try again shortly.`;
  return message;
}

/** Builds the error for a non-2xx answer from its status, headers and body text. */
export function errorFromResponse(status: number, headers: Headers, bodyText: string): UpstreamError {
  let type: string | undefined;
  let message = bodyText.slice(0, 500) || `HTTP ${status}`;
  try {
    const body = JSON.parse(bodyText) as { error?: { type?: unknown; message?: unknown } };
    if (typeof body.error?.type === "string") type = body.error.type;
    if (typeof body.error?.message === "string") message = body.error.message;
  } catch {
    // Not JSON (a proxy's HTML page, a Cloudflare 413): the text itself is the best message there is.
  }
  const shouldRetry = header(headers, "x-should-retry");
  return new UpstreamError(
    "http",
    explained(status, message),
    status,
    type,
    header(headers, "request-id"),
    retryAfterMs(headers),
    shouldRetry === "true" ? true : shouldRetry === "false" ? false : undefined,
  );
}
