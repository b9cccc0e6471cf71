/** An API error as the real API words it: HTTP status, `error.type` and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const invalidRequest = (message: string) => new ApiError(400, "invalid_request_error", message);
export const notFound = (message: string) => new ApiError(404, "not_found_error", message);
export const batchNotFound = (id: string) => notFound(`Message Batch ${id} not found.`);

/** The envelope every error body has, top-level and nested inside `errored` results. */
export interface ErrorEnvelope {
  type: "error";
  error: { type: string; message: string };
  request_id: string | null;
}

export function errorEnvelope(type: string, message: string, requestId: string | null): ErrorEnvelope {
  return { type: "error", error: { type, message }, request_id: requestId };
}
