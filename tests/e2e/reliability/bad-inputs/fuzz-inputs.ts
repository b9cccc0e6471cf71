// Generators for fuzz.spec.ts (batch ids and query strings), and what the dashboard must make of a query:
// the oracles are written from the routes' contracts (security.md T5, lib/batches/list-query.ts's comment),
// not from their code, so a route that drifts from its contract fails here.
import fc from "fast-check";

/** Ids the dashboard may forward, as security.md T5 states them. */
const ID_PATTERN = /^msgbatch_[A-Za-z0-9_-]{1,200}$/;

const KNOWN_LIST_KEYS = ["limit", "after_id", "before_id"];
const PAGE_SIZES = [20, 50, 100];

/** Ids of the right shape that no batch has: the upstream is asked, and answers 404. */
export const unknownId = fc.stringMatching(/^msgbatch_[A-Za-z0-9_-]{1,200}$/);

const idTail = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
/** What turns an id into a path, a query, a header or another host. */
const DANGEROUS = [
  ..."./\\?#;%&=+@:~'\"<> \t",
  "..",
  "../",
  "%2e%2e",
  "%2F",
  "%00",
  "\u0000",
  "\r\nx-api-key: sk-ant-evil",
  "ü",
  "\u202e",
  "//evil.test",
];

/** Anything but an id: a near miss with something dangerous inside, a wrong prefix, too long, or any text. */
export const badId = fc
  .oneof(
    fc.tuple(idTail, fc.constantFrom(...DANGEROUS), fc.nat()).map(([tail, bad, at]) => {
      const cut = at % (tail.length + 1);
      return `msgbatch_${tail.slice(0, cut)}${bad}${tail.slice(cut)}`;
    }),
    fc
      .tuple(
        fc.constantFrom("", "MSGBATCH_", "msgbatch", "msgbatch-", "batch_", " msgbatch_", "../msgbatch_"),
        idTail,
      )
      .map(([prefix, tail]) => `${prefix}${tail}`),
    fc.integer({ min: 201, max: 5_000 }).map((length) => `msgbatch_${"a".repeat(length)}`),
    fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
  )
  // An empty segment is another route (`/api/batches/` is the list), not a bad id.
  .filter((id) => id !== "" && id.isWellFormed() && !ID_PATTERN.test(id));

export interface QueryParam {
  key: string;
  value: string;
}

/** A query string as a browser or curl would send it (no "?" when empty). */
export function queryString(params: QueryParam[]): string {
  if (params.length === 0) return "";
  return `?${params.map(({ key, value }) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join("&")}`;
}

const limitValue = fc.oneof(
  fc.integer({ min: 1, max: 1_000 }).map(String),
  fc.constantFrom("20", "50", "100"),
  // Not a page size in any reading.
  fc.constantFrom(
    ...[
      "0",
      "-1",
      "-0",
      "1001",
      "1.5",
      "abc",
      "",
      " ",
      "NaN",
      "Infinity",
      "1e400",
      "9".repeat(30),
      "٣",
      "５",
    ],
    ...["1;", "1,2", "true", "null", "[]", "5 6", "0x", "1e", "%", "limit", "10\u0000"],
  ),
  // Numbers in another spelling: a route may read them, as long as the upstream gets the plain number.
  fc.constantFrom(" 7", "0x10", "1e2", "+5", "007", "5.0", "0b11", "0o17", "\t9\n"),
  fc.string({ maxLength: 12 }),
);

const cursorValue = (knownIds: string[]) =>
  fc.oneof(fc.constantFrom(...knownIds), unknownId, badId, fc.constant(""));

const otherKey = fc.oneof(
  fc.constantFrom(
    ...["foo", "LIMIT", "Limit", "limit[]", "after_id ", "before-id", "beta", "anthropic-version"],
    ...["x-api-key", "constructor", "toString", "prototype", "__proto__", "", "download", "id"],
  ),
  fc.string({ maxLength: 12 }),
);

const otherValue = fc.oneof(
  fc.constantFrom(
    "1",
    "0",
    "true",
    "",
    "../../v1/models",
    "http://evil.test/",
    "%2F..%2F",
    "\r\nx-api-key: evil",
  ),
  fc.string({ maxLength: 20 }),
);

/** Query parameters for the list route and page: mostly its own, sometimes repeated, sometimes strangers. */
export const listQuery = (knownIds: string[]) =>
  fc.array(
    fc.oneof(
      { weight: 3, arbitrary: limitValue.map((value) => ({ key: "limit", value })) },
      { weight: 2, arbitrary: cursorValue(knownIds).map((value) => ({ key: "after_id", value })) },
      { weight: 2, arbitrary: cursorValue(knownIds).map((value) => ({ key: "before_id", value })) },
      { weight: 1, arbitrary: fc.record({ key: otherKey, value: otherValue }) },
    ),
    { maxLength: 5 },
  );

/** Query parameters for routes that take none but `download`. */
export const byIdQuery = fc.array(
  fc.oneof(
    { weight: 2, arbitrary: otherValue.map((value) => ({ key: "download", value })) },
    { weight: 3, arbitrary: fc.record({ key: otherKey, value: otherValue }) },
  ),
  { maxLength: 4 },
);

type LimitReading = { kind: "plain" | "respelled"; limit: number } | { kind: "invalid" };

function readLimit(value: string): LimitReading {
  if (/^[1-9][0-9]{0,3}$/.test(value) && Number(value) <= 1_000)
    return { kind: "plain", limit: Number(value) };
  const limit = Number(value);
  return Number.isInteger(limit) && limit >= 1 && limit <= 1_000
    ? { kind: "respelled", limit }
    : { kind: "invalid" };
}

/** What GET /api/batches must do with a query string. */
export interface ListExpectation {
  /** Something in it is certainly wrong: 400, no upstream call. */
  mustRefuse: boolean;
  /** Refusing is right too, but not required: a repeated parameter, `__proto__`, a respelled number. */
  mayRefuse: boolean;
  /** The parameters a refusal should name (one of them is enough). */
  offending: string[];
  /** The one upstream call it makes if it accepts: the last value of each parameter, nothing else. */
  upstreamPath: string;
  cursor: string | undefined;
}

/**
 * The list route's contract: `limit` 1–1000, at most one of `after_id`/`before_id`, each a valid id, and no
 * other parameter. Anything else is a 400 before any upstream call.
 */
export function expectList(params: QueryParam[]): ListExpectation {
  const offending = new Set<string>();
  let mustRefuse = false;
  let mayRefuse = false;
  const last = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const { key, value } of params) {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (KNOWN_LIST_KEYS.includes(key)) {
      last.set(key, value);
    } else {
      // `?__proto__=` is dropped before the route's own check sees it (an object key, not a parameter).
      if (key === "__proto__") mayRefuse = true;
      else mustRefuse = true;
      offending.add(key);
    }
  }
  for (const [key, count] of counts) {
    if (count > 1 && KNOWN_LIST_KEYS.includes(key)) {
      mayRefuse = true;
      offending.add(key);
    }
  }
  let limit = 20;
  const rawLimit = last.get("limit");
  if (rawLimit !== undefined) {
    const reading = readLimit(rawLimit);
    if (reading.kind === "invalid") {
      mustRefuse = true;
      offending.add("limit");
    } else {
      if (reading.kind === "respelled") {
        mayRefuse = true;
        offending.add("limit");
      }
      limit = reading.limit;
    }
  }
  const after = last.get("after_id");
  const before = last.get("before_id");
  for (const [key, value] of [
    ["after_id", after],
    ["before_id", before],
  ] as const) {
    if (value !== undefined && !ID_PATTERN.test(value)) {
      mustRefuse = true;
      offending.add(key);
    }
  }
  if (after !== undefined && before !== undefined) {
    mustRefuse = true;
    offending.add("after_id").add("before_id");
  }
  const cursor = after ?? before;
  const cursorPart =
    after !== undefined ? `&after_id=${after}` : before !== undefined ? `&before_id=${before}` : "";
  return {
    mustRefuse,
    mayRefuse,
    offending: [...offending],
    upstreamPath: `/v1/messages/batches?limit=${limit}${cursorPart}`,
    cursor,
  };
}

/**
 * The list page's contract (lib/batches/list-query.ts): a URL people type or share never fails; an unknown
 * size is 20, a malformed cursor is dropped, `after_id` wins over `before_id`, the first value of a repeated
 * parameter counts. The page then lists exactly that.
 */
export function expectListPage(params: QueryParam[]): string {
  const first = (key: string) => params.find((param) => param.key === key)?.value;
  const size = Number(first("limit"));
  const limit = PAGE_SIZES.includes(size) ? size : 20;
  const cursor = (key: string) => {
    const value = first(key);
    return value !== undefined && ID_PATTERN.test(value) ? value : undefined;
  };
  const after = cursor("after_id");
  const before = after === undefined ? cursor("before_id") : undefined;
  const cursorPart =
    after !== undefined ? `&after_id=${after}` : before !== undefined ? `&before_id=${before}` : "";
  return `/v1/messages/batches?limit=${limit}${cursorPart}`;
}
