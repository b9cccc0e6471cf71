import "server-only";
import type { Readable } from "node:stream";
import {
  type BatchList,
  BatchListSchema,
  type DeletedBatch,
  DeletedBatchSchema,
  type ListBatchesQuery,
  type MessageBatch,
  MessageBatchSchema,
} from "../schemas/batch";
import { callUpstream, readJson, type UpstreamResponse } from "./client";
import { UpstreamError } from "./errors";
import { createRetryable, idempotentRetryable, type RetryPolicy, withRetry } from "./retry";
import { SharedReads } from "./shared-reads";

/** Reads wait up to 10 s for a server-asked retry; longer, and the browser is told to come back later. */
const READ_POLICY: RetryPolicy = { maxRetries: 2, maxWaitMs: 10_000, retryable: idempotentRetryable };
const WRITE_POLICY: RetryPolicy = { maxRetries: 2, maxWaitMs: 10_000, retryable: idempotentRetryable };
const CREATE_POLICY: RetryPolicy = { maxRetries: 2, maxWaitMs: 10_000, retryable: createRetryable };
const READ_TIMEOUTS = { headersTimeoutMs: 30_000, bodyTimeoutMs: 30_000 };

/**
 * List and retrieve answers are shared between browsers for a second: polling tabs see the same state
 * anyway, and the upstream sees one call instead of one per tab. Not tied to any one browser's abort.
 * One per process, kept on globalThis: Next bundles route handlers and page renders into separate module
 * graphs, and a cancel or delete through a route must drop the answer a page render would otherwise reuse.
 */
const SHARED_READS: unique symbol = Symbol.for("batchboard.sharedReads");
const processWide = globalThis as typeof globalThis & { [SHARED_READS]?: SharedReads };
processWide[SHARED_READS] ??= new SharedReads(1_000);
const sharedReads = processWide[SHARED_READS];

const parseBatch = (value: unknown) => MessageBatchSchema.parse(value);

/** A change to one batch makes its shared answer and every shared list page stale. */
function forgetBatch(id: string): void {
  sharedReads.forget(`retrieve:${id}`);
  sharedReads.forget("list:");
}

/**
 * GET /v1/messages/batches — https://docs.anthropic.com/en/api/listing-message-batches
 * `fresh` skips the shared answer, for a caller that must see batches created a moment ago.
 */
export function listBatches(query: ListBatchesQuery, options: { fresh?: boolean } = {}): Promise<BatchList> {
  const { limit, after_id, before_id } = query;
  const call = () =>
    withRetry(async () => {
      const response = await callUpstream({
        method: "GET",
        subpath: "",
        query: { limit, after_id, before_id },
        ...READ_TIMEOUTS,
      });
      return readJson(response, (value) => BatchListSchema.parse(value));
    }, READ_POLICY);
  return options.fresh
    ? call()
    : sharedReads.read(`list:${limit}:${after_id ?? ""}:${before_id ?? ""}`, call);
}

/** GET /v1/messages/batches/{id} — https://docs.anthropic.com/en/api/retrieving-message-batches */
export function retrieveBatch(id: string, options: { fresh?: boolean } = {}): Promise<MessageBatch> {
  const call = () =>
    withRetry(async () => {
      const response = await callUpstream({ method: "GET", subpath: `/${id}`, ...READ_TIMEOUTS });
      return readJson(response, parseBatch);
    }, READ_POLICY);
  return options.fresh ? call() : sharedReads.read(`retrieve:${id}`, call);
}

/**
 * POST /v1/messages/batches/{id}/cancel — https://docs.anthropic.com/en/api/canceling-message-batches
 * Not tied to the browser: a cancel the user asked for is seen through. When a retry finds the batch
 * already past `in_progress`, the first attempt got through, so that counts as done.
 */
export function cancelBatch(id: string): Promise<MessageBatch> {
  return withRetry(async (retry) => {
    try {
      const response = await callUpstream({ method: "POST", subpath: `/${id}/cancel`, ...READ_TIMEOUTS });
      return await readJson(response, parseBatch);
    } catch (error) {
      if (retry > 0 && error instanceof UpstreamError && error.status === 400) {
        return retrieveBatch(id, { fresh: true });
      }
      throw error;
    }
  }, WRITE_POLICY).finally(() => forgetBatch(id));
}

/**
 * DELETE /v1/messages/batches/{id} — https://docs.anthropic.com/en/api/deleting-message-batches
 * A 404 on a retry means the first attempt deleted it and only its answer was lost.
 */
export function deleteBatch(id: string): Promise<DeletedBatch> {
  return withRetry(async (retry) => {
    try {
      const response = await callUpstream({ method: "DELETE", subpath: `/${id}`, ...READ_TIMEOUTS });
      return await readJson(response, (value) => DeletedBatchSchema.parse(value));
    } catch (error) {
      if (retry > 0 && error instanceof UpstreamError && error.status === 404) {
        return { id, type: "message_batch_deleted" as const };
      }
      throw error;
    }
  }, WRITE_POLICY).finally(() => forgetBatch(id));
}

/**
 * POST /v1/messages/batches — https://docs.anthropic.com/en/api/creating-message-batches
 * The body is streamed from `open()` (again for a retry). Retried only when the upstream certainly did
 * not take it; any other failure is an unknown outcome for the caller to reconcile.
 */
export function createBatch(body: { open: () => Readable; length: number }): Promise<MessageBatch> {
  return withRetry(async () => {
    const response = await callUpstream({
      method: "POST",
      subpath: "",
      body,
      // The upload itself may take minutes; the answer should follow the last byte within two.
      headersTimeoutMs: 120_000,
      bodyTimeoutMs: 120_000,
    });
    return readJson(response, parseBatch);
  }, CREATE_POLICY).finally(() => sharedReads.forget("list:"));
}

/**
 * GET /v1/messages/batches/{id}/results — https://docs.anthropic.com/en/api/retrieving-message-batch-results
 * The path is built here, never taken from `results_url`. Retried only until the answer's headers arrive;
 * after that, a failure belongs to the stream and reaches the browser as one.
 */
export function streamBatchResults(id: string, signal: AbortSignal): Promise<UpstreamResponse> {
  return withRetry(
    () =>
      callUpstream({
        method: "GET",
        subpath: `/${id}/results`,
        accept: "application/x-jsonl, application/json",
        signal,
        headersTimeoutMs: 60_000,
        bodyTimeoutMs: 120_000,
      }),
    READ_POLICY,
    signal,
  );
}
