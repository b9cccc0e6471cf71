import { isServer, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./queries/fetch-json";

/**
 * The server already retried the upstream (up to three tries, honouring its waits), so an answer from it is
 * final for this poll; the next poll, on its backoff, is the retry. The browser tries again itself only when
 * the dashboard did not answer at all (status 0: the connection dropped, or the server was restarting).
 */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status !== 0) return false;
  return failureCount < 2;
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data the server just prefetched is not fetched again on hydration.
        staleTime: 5_000,
        retry: shouldRetry,
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
