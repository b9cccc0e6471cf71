import "server-only";
import { ZodError } from "zod";
import { UpstreamError } from "../anthropic/errors";
import type { MessageBatch } from "../schemas/batch";
import { AppError, type ErrorCode } from "./errors";
import { redact } from "./redact";

const NO_STORE = { "cache-control": "no-store" };

export function json(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return Response.json(body, { status: init.status ?? 200, headers: { ...NO_STORE, ...init.headers } });
}

/** The batch as our API shows it: upstream's shape, with `results_url` pointing at our own route. */
export function presentBatch(batch: MessageBatch): MessageBatch {
  return { ...batch, results_url: batch.results_url === null ? null : `/api/batches/${batch.id}/results` };
}

const UPSTREAM_STATUS_CODES: Record<number, ErrorCode> = {
  400: "bad_request",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  422: "invalid_request",
  429: "rate_limited",
  529: "upstream_overloaded",
};

/** What the browser is told about an upstream failure (security.md §2.5). */
export function fromUpstream(error: UpstreamError): AppError {
  const details = {
    ...(error.requestId && { request_id: error.requestId }),
    ...(error.retryAfterMs !== undefined && { retry_after: Math.ceil(error.retryAfterMs / 1000) }),
  };
  const message = redact(error.message);
  switch (error.failure) {
    case "connect":
      return new AppError(
        "upstream_unavailable",
        "The Anthropic API is unreachable. Try again shortly.",
        details,
      );
    case "timeout":
      return new AppError("upstream_timeout", "The Anthropic API did not answer in time.", details);
    case "socket":
    case "aborted":
      return new AppError("upstream_unavailable", message, details);
    case "http": {
      const status = error.status ?? 502;
      // A rejected key is the server's problem; passing 401 on would look like the user's session expired.
      if (status === 401 || status === 403) {
        return new AppError(
          "upstream_auth",
          `The Anthropic API refused the server's key: ${message}`,
          details,
        );
      }
      return new AppError(UPSTREAM_STATUS_CODES[status] ?? "upstream_unavailable", message, details);
    }
  }
}

/** The API answers 400 when a batch is in the wrong state for an action; for the user that is a conflict. */
export function asStateConflict(error: unknown): unknown {
  if (!(error instanceof UpstreamError) || error.status !== 400) return error;
  return new AppError("conflict", redact(error.message), {
    ...(error.requestId && { request_id: error.requestId }),
  });
}

/** Turns anything a handler throws into our error envelope; unknown errors are logged, never echoed. */
export function errorResponse(error: unknown): Response {
  let appError: AppError;
  if (error instanceof AppError) appError = error;
  else if (error instanceof UpstreamError) appError = fromUpstream(error);
  else if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    appError = new AppError("bad_request", `${where}${issue?.message ?? "invalid input"}`);
  } else {
    console.error(
      "batchboard: unexpected error:",
      redact(error instanceof Error ? (error.stack ?? error.message) : String(error)),
    );
    appError = new AppError("internal", "Something went wrong on the server; the details are in its log.");
  }
  const headers: Record<string, string> = {};
  if (appError.details.retry_after !== undefined) {
    headers["retry-after"] = String(appError.details.retry_after);
  }
  if (appError.details.close) headers.connection = "close";
  return json(appError.toBody(), { status: appError.status, headers });
}
