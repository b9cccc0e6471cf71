import { isServer, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./queries/fetch-json";

/** Longer than this, a wait the API asks for is shown to the user rather than sat through behind a spinner. */
const LONGEST_SILENT_WAIT_S = 10;

/**
 * Our routes already retry the upstream; the browser adds two more tries on top, but never for a 4xx, a
 * long wait the API asked for, or an upstream that already let the server wait 30 s for nothing.
 */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (
    error instanceof ApiError &&
    (error.isPermanent ||
      error.code === "upstream_timeout" ||
      (error.retryAfter ?? 0) > LONGEST_SILENT_WAIT_S)
  ) {
    return false;
  }
  return failureCount < 2;
}

function retryDelay(failureCount: number, error: unknown): number {
  if (error instanceof ApiError && error.retryAfter !== undefined) return error.retryAfter * 1000;
  return Math.min(1000 * 2 ** failureCount, 10_000);
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data the server just prefetched is not fetched again on hydration.
        staleTime: 5_000,
        retry: shouldRetry,
        retryDelay,
      },
      // A cancel or delete is not repeated behind the user's back; the server already retries safely.
      mutations: { retry: false },
    },
  });
}

let browserClient: QueryClient | undefined;

/** A fresh client per server render (no data shared between requests); one for the browser's lifetime. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
