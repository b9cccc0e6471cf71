// The list page's position, as kept in the URL (`?limit=&after_id=` or `?limit=&before_id=`), and the
// pages next to it. Isomorphic: the server page and the browser read the URL the same way.
import { BATCH_ID_PATTERN, type BatchList, type MessageBatch, PAGE_SIZES } from "../schemas/batch";
import { pickNewer } from "./status";

export type PageSize = (typeof PAGE_SIZES)[number];
const DEFAULT_PAGE_SIZE: PageSize = 20;

/** Normalised: a page size we offer, at most one valid cursor, no undefined keys (stable query keys). */
export type ListQuery =
  | { limit: PageSize }
  | { limit: PageSize; after_id: string }
  | { limit: PageSize; before_id: string };

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function read(params: SearchParamsLike, name: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(name) : params[name];
  return (Array.isArray(value) ? value[0] : value) ?? undefined;
}

/**
 * Anything unusable falls back rather than failing: an unknown size is 20, a malformed cursor is dropped,
 * and with both cursors `after_id` wins. A well-formed cursor the API does not know is the API's to refuse.
 */
export function parseListQuery(params: SearchParamsLike): ListQuery {
  const size = Number(read(params, "limit"));
  const limit = PAGE_SIZES.find((candidate) => candidate === size) ?? DEFAULT_PAGE_SIZE;
  const cursor = (name: string) => {
    const value = read(params, name);
    return value !== undefined && BATCH_ID_PATTERN.test(value) ? value : undefined;
  };
  const after_id = cursor("after_id");
  if (after_id) return { limit, after_id };
  const before_id = cursor("before_id");
  if (before_id) return { limit, before_id };
  return { limit };
}

/** "?limit=50&after_id=…", or "" for the first page at the default size (a clean /batches). */
export function listSearch(query: ListQuery): string {
  const params = new URLSearchParams();
  if (query.limit !== DEFAULT_PAGE_SIZE) params.set("limit", String(query.limit));
  if ("after_id" in query) params.set("after_id", query.after_id);
  if ("before_id" in query) params.set("before_id", query.before_id);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The API call for a page: `limit` always explicit. */
export function listApiPath(query: ListQuery): string {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if ("after_id" in query) params.set("after_id", query.after_id);
  if ("before_id" in query) params.set("before_id", query.before_id);
  return `/api/batches?${params}`;
}

export function isFirstPage(query: ListQuery): boolean {
  return !("after_id" in query) && !("before_id" in query);
}

export interface Neighbours {
  /** Newer batches; null on the newest page. */
  previous: ListQuery | null;
  /** Older batches; null on the oldest page. */
  next: ListQuery | null;
}

/**
 * `has_more` speaks for the direction of travel only (batches-api.md §6): walking forward it says whether
 * there is an older page, walking back whether there is a newer one. The other direction always exists,
 * because that is where we came from.
 */
export function neighbours(query: ListQuery, page: BatchList): Neighbours {
  const { limit } = query;
  const { first_id, last_id, has_more } = page;
  const backward = "before_id" in query;
  const newer = backward ? has_more : !isFirstPage(query);
  const older = backward || has_more;
  return {
    previous: newer && first_id ? { limit, before_id: first_id } : null,
    next: older && last_id ? { limit, after_id: last_id } : null,
  };
}

/** The page with this batch replaced by whichever snapshot is newer; the same object when nothing changed. */
export function withBatch(page: BatchList, batch: MessageBatch): BatchList {
  let changed = false;
  const data = page.data.map((row) => {
    if (row.id !== batch.id) return row;
    const next = pickNewer(row, batch);
    changed ||= next !== row;
    return next;
  });
  return changed ? { ...page, data } : page;
}

/** The page without this batch. Its cursors move to the rows left: a deleted id is no cursor the API knows. */
export function withoutBatch(page: BatchList, id: string): BatchList {
  if (!page.data.some((row) => row.id === id)) return page;
  const data = page.data.filter((row) => row.id !== id);
  return { ...page, data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
