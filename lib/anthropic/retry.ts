import "server-only";
import type { UpstreamError } from "./errors";

export interface RetryPolicy {
  maxRetries: number;
  /** A server-asked wait longer than this is not waited for: the caller tells the browser to come back. */
  maxWaitMs: number;
  retryable: (error: UpstreamError) => boolean;
}

const RETRIED_STATUSES = new Set([408, 409, 429]);

/**
 * Reads, cancel and delete: safe to send again after anything but a deliberate refusal or a timeout. An
 * upstream that let 30 s pass without answering is stuck, and two more waits would keep the user ~90 s.
 */
export function idempotentRetryable(error: UpstreamError): boolean {
  if (error.failure === "aborted" || error.failure === "timeout") return false;
  if (error.shouldRetry !== undefined) return error.shouldRetry;
  if (error.failure !== "http") return true;
  const status = error.status ?? 0;
  return RETRIED_STATUSES.has(status) || status >= 500;
}

/**
 * Create: sent again only when the upstream certainly did not take it — no connection was made, or it
 * answered 429/529 (refused before processing). A reset or a timeout after sending is an unknown outcome.
 */
export function createRetryable(error: UpstreamError): boolean {
  if (error.failure === "connect") return true;
  if (error.failure !== "http" || error.shouldRetry === false) return false;
  return error.status === 429 || error.status === 529;
}

/** The SDK's backoff: 0.5 s doubling to 8 s, minus up to 25% jitter. */
export function backoffMs(retry: number): number {
  return Math.min(500 * 2 ** retry, 8000) * (1 - Math.random() * 0.25);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Runs `attempt` until it succeeds, the policy says stop, or the retries run out. */
export async function withRetry<T>(
  attempt: (retry: number) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt(retry);
    } catch (error) {
      const failure = error as UpstreamError;
      if (retry >= policy.maxRetries || typeof failure.failure !== "string" || !policy.retryable(failure)) {
        throw error;
      }
      const asked = failure.retryAfterMs;
      if (asked !== undefined && asked > policy.maxWaitMs) throw error;
      await sleep(asked !== undefined && asked > 0 ? asked : backoffMs(retry), signal);
    }
  }
}
