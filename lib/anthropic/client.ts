import "server-only";
import type { Readable } from "node:stream";
import { Agent, type Dispatcher, request } from "undici";
import { ANTHROPIC_VERSION, upstreamConfig } from "./config";
import { errorFromResponse, UpstreamError } from "./errors";

const COLLECTION_PATH = "/v1/messages/batches";
const USER_AGENT = "batchboard/0.1";

/** One keep-alive pool for every upstream call of the process. */
const agent = new Agent({ connect: { timeout: 10_000 }, keepAliveTimeout: 30_000, connections: 64 });

export interface UpstreamCall {
  method: "GET" | "POST" | "DELETE";
  /** Below `/v1/messages/batches`: "" or `/<id>[/cancel|/results]`, ids already validated. */
  subpath: string;
  query?: Record<string, string | number | undefined>;
  /** A body that can be produced again for a retry, with its exact length. */
  body?: { open: () => Readable; length: number };
  accept?: string;
  signal?: AbortSignal;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

export type UpstreamResponse = Dispatcher.ResponseData;

const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Sorts a thrown undici/network error into what it means for a retry: did anything reach the upstream? */
export function classifyFailure(error: unknown, signal?: AbortSignal): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const { code, name, message } = (error ?? {}) as { code?: string; name?: string; message?: string };
  if (signal?.aborted || name === "AbortError" || code === "UND_ERR_ABORTED") {
    return new UpstreamError("aborted", "The request was aborted.");
  }
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  if (code === "UND_ERR_CONNECT_TIMEOUT" || CONNECT_CODES.has(code ?? "") || CONNECT_CODES.has(cause ?? "")) {
    return new UpstreamError("connect", "The Anthropic API is unreachable.");
  }
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return new UpstreamError("timeout", "The Anthropic API did not answer in time.");
  }
  return new UpstreamError(
    "socket",
    `The connection to the Anthropic API broke (${code ?? message ?? "unknown"}).`,
  );
}

/**
 * The one function that talks to the upstream. Headers are built from scratch: the key and the pinned
 * version come from the server, nothing from the browser is forwarded. Non-2xx answers throw.
 */
export async function callUpstream(call: UpstreamCall): Promise<UpstreamResponse> {
  const { origin, basePath, apiKey } = upstreamConfig();
  const url = new URL(`${basePath}${COLLECTION_PATH}${call.subpath}`, origin);
  for (const [key, value] of Object.entries(call.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  // Ids are validated before this point; this catches any path trick that slipped through anyway.
  if (url.origin !== origin || url.pathname !== `${basePath}${COLLECTION_PATH}${call.subpath}`) {
    throw new UpstreamError("connect", "Refusing an upstream path that is not a Message Batches path.");
  }
  const headers: Record<string, string> = {
    "x-api-key": apiKey,
    "anthropic-version": ANTHROPIC_VERSION,
    "user-agent": USER_AGENT,
    accept: call.accept ?? "application/json",
  };
  if (call.body) {
    headers["content-type"] = "application/json";
    headers["content-length"] = String(call.body.length);
  }
  let response: UpstreamResponse;
  try {
    response = await request(url, {
      method: call.method,
      headers,
      body: call.body?.open(),
      signal: call.signal,
      dispatcher: agent,
      headersTimeout: call.headersTimeoutMs,
      bodyTimeout: call.bodyTimeoutMs,
    });
  } catch (error) {
    throw classifyFailure(error, call.signal);
  }
  if (response.statusCode >= 400) {
    const text = await response.body.text().catch(() => "");
    throw errorFromResponse(response.statusCode, response.headers, text);
  }
  return response;
}

/** Reads a JSON answer and checks its shape; an answer we cannot read is the upstream's fault, not the user's. */
export async function readJson<T>(response: UpstreamResponse, parse: (value: unknown) => T): Promise<T> {
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    throw classifyFailure(error);
  }
  try {
    return parse(JSON.parse(text));
  } catch {
    throw new UpstreamError("http", "The Anthropic API answered with an unexpected shape.", 502);
  }
}
