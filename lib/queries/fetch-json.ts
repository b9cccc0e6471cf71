import { loginPath } from "../auth/next-path";
import type { Problem } from "../batch-file/problems";

/** A failed call to one of our `/api` routes, from its `{error:{code,message,request_id?,retry_after?}}`. */
export class ApiError extends Error {
  constructor(
    /** The HTTP status; 0 when the dashboard did not answer at all. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    /** Seconds the server asked us to wait (429). */
    readonly retryAfter?: number,
    /** Line problems of a refused upload (422 `invalid_upload`), and how many there were in all. */
    readonly upload?: { problems: Problem[]; problemCount: number },
    /** When the answer came, which a `retryAfter` counts from. */
    readonly receivedAt = Date.now(),
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** A 4xx other than 429: asking again gives the same answer. */
  get isPermanent(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 429 && this.status !== 408;
  }
}

/** Reads our error envelope; anything else (a proxy's HTML page) becomes a generic message. */
export function errorFromBody(status: number, text: string, retryAfterHeader?: string | null): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  const headerSeconds = Number(retryAfterHeader);
  const retryAfter =
    typeof error?.retry_after === "number"
      ? error.retry_after
      : retryAfterHeader && Number.isFinite(headerSeconds)
        ? headerSeconds
        : undefined;
  return new ApiError(
    status,
    typeof error?.code === "string" ? error.code : "http_error",
    typeof error?.message === "string" ? error.message : `The dashboard answered HTTP ${status}.`,
    typeof error?.request_id === "string" ? error.request_id : undefined,
    retryAfter,
    Array.isArray(error?.problems)
      ? {
          problems: error.problems as Problem[],
          problemCount: typeof error.problem_count === "number" ? error.problem_count : error.problems.length,
        }
      : undefined,
  );
}

/** The session ended: to sign-in, and back to this page afterwards. */
export function goToSignIn(): void {
  window.location.assign(loginPath(`${window.location.pathname}${window.location.search}`));
}

/**
 * The browser's only way to our API. The routes validate upstream answers with the shared zod schemas
 * before sending them, so a 2xx body is trusted to have type T. A 401 means the session ended: the browser
 * goes to sign-in and comes back here afterwards.
 */
export async function fetchJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: "same-origin",
      cache: "no-store",
      headers: { accept: "application/json", ...init.headers },
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(0, "network", "The dashboard did not answer. Check that it is still running.");
  }
  if (response.status === 401) goToSignIn();
  if (!response.ok) {
    throw errorFromBody(response.status, await response.text(), response.headers.get("retry-after"));
  }
  return (await response.json()) as T;
}
