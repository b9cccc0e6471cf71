import "server-only";

/**
 * Every error our routes answer with, by code. One table, so a code always means the same status and the
 * browser can act on the code alone (retry, log in again, fix the file).
 */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  misdirected: 421,
  invalid_request: 422,
  invalid_upload: 422,
  idempotency_mismatch: 422,
  rate_limited: 429,
  internal: 500,
  misconfigured: 500,
  upstream_auth: 502,
  upstream_unavailable: 502,
  upstream_overloaded: 503,
  upstream_timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One line-level problem of an uploaded request file. */
export interface UploadProblem {
  line: number;
  column?: number;
  code: string;
  message: string;
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    request_id?: string;
    retry_after?: number;
    problems?: UploadProblem[];
    problem_count?: number;
  };
}

/** How an error is sent, beyond its body. */
export interface ErrorDelivery {
  /** Close the connection after answering: the request body was left unread. */
  close?: boolean;
}

/** An error a route answers with; `message` is shown to the user as is, so it must never hold a secret. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Omit<ErrorBody["error"], "code" | "message"> & ErrorDelivery = {},
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    const { close: _close, ...details } = this.details;
    return { error: { code: this.code, message: this.message, ...details } };
  }
}
