import type { BatchState } from "./batch-state";
import { invalidRequest } from "./errors";

export interface ListQuery {
  limit: number;
  afterId: string | undefined;
  beforeId: string | undefined;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

export function parseListQuery(params: URLSearchParams): ListQuery {
  const raw = params.get("limit");
  let limit = DEFAULT_LIMIT;
  if (raw !== null) {
    if (!/^-?\d+$/.test(raw))
      throw invalidRequest("limit: Input should be a valid integer, unable to parse string as an integer");
    limit = Number(raw);
    if (limit < 1) throw invalidRequest("limit: Input should be greater than or equal to 1");
    if (limit > MAX_LIMIT) throw invalidRequest(`limit: Input should be less than or equal to ${MAX_LIMIT}`);
  }
  return {
    limit,
    afterId: params.get("after_id") || undefined,
    beforeId: params.get("before_id") || undefined,
  };
}

/**
 * One page of `batches` (newest first, i.e. by descending `seq`). `after_id` pages toward older batches,
 * `before_id` toward newer ones and returns those nearest the cursor, still newest first; `has_more` tells
 * whether more exist in the direction of travel.
 */
export function pageOf(
  batches: readonly BatchState[],
  query: ListQuery,
  seqOf: (id: string, cursor: "after_id" | "before_id") => number,
) {
  // Newer batches have higher `seq`: "after" a cursor means older than it, "before" means newer.
  const olderThan = query.afterId === undefined ? Number.POSITIVE_INFINITY : seqOf(query.afterId, "after_id");
  const newerThan =
    query.beforeId === undefined ? Number.NEGATIVE_INFINITY : seqOf(query.beforeId, "before_id");
  const range = batches.filter((batch) => batch.seq < olderThan && batch.seq > newerThan);
  const backward = query.beforeId !== undefined;
  const page = backward ? range.slice(Math.max(0, range.length - query.limit)) : range.slice(0, query.limit);
  return {
    page,
    has_more: range.length > page.length,
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
  };
}
