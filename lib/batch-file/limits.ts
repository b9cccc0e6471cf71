/**
 * The limits an upload is held to, shared by the server route and the browser pre-check. The API's own
 * limits come from its batch guide and OpenAPI spec (docs/batches-api.md §4.1, §10); the rest are ours.
 */

/** Requests per batch (`requests: maxItems 100000`). */
export const MAX_REQUESTS = 100_000;

/**
 * Bytes of the final canonical `{"requests":[…]}` body. The API says "256 MB" without saying which MB, so
 * hold the body to the smaller reading (10⁶) and treat an upstream 413 as final.
 */
export const MAX_BODY_BYTES = 256_000_000;

/** Bytes of one JSONL line (or one JSON array element), without its line ending. */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

/** Nesting of arrays and objects in one request, the request object itself being level 1. */
export const MAX_DEPTH = 64;

/** Problems kept for the report; the rest are only counted. */
export const MAX_PROBLEMS = 100;

/** Problems kept for one line: one broken request should not crowd out the others. */
export const MAX_PROBLEMS_PER_LINE = 10;

/** `custom_id` as the API's schema states it. */
export const CUSTOM_ID_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
