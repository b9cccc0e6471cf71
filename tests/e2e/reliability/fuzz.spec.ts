// Fuzzed batch ids and query strings (security.md T5, catalogue 14), with fast-check on a fixed seed and a
// recording proxy in front of the emulator, so every call the dashboard makes upstream is seen. Whatever is
// invalid gets a 4xx before any upstream call; whatever is accepted reaches exactly the upstream path it
// names, with nothing of the query carried along. leak.spec.ts already sends its hand-picked bad ids to the
// API's by-id routes; this file adds the pages, generated ids, and query strings on every route.
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import {
  errorOf,
  json,
  jsonlFile,
  type RecordingProxy,
  type Reply,
  type Stack,
  startStack,
  type WireBatch,
  waitForEnded,
} from "../api/harness";
import {
  badId,
  byIdQuery,
  expectList,
  expectListPage,
  listQuery,
  type QueryParam,
  queryString,
  unknownId,
} from "./bad-inputs/fuzz-inputs";
import { recordFigure } from "./figures";

const SEED = 20_261_122;
const RUNS = 200;
/** The health probe the list page makes through its connection status (lib/health/probe-upstream.ts). */
const PROBE = "GET /v1/messages/batches?limit=1";

let stack: Stack;
let proxy: RecordingProxy;
/** Batches that exist, as cursors a list call can be given. */
let knownIds: string[];
let ended: WireBatch;
const sent = { requests: 0, refusedWithoutUpstream: 0 };

test.beforeAll(async () => {
  stack = await startStack({ proxy: {}, emulator: { rate: Number.POSITIVE_INFINITY, latencyMs: 5 } });
  if (!stack.proxy) throw new Error("the fuzz spec runs with a recording proxy");
  proxy = stack.proxy;
  knownIds = [];
  for (const prefix of ["fuzz-a", "fuzz-b", "fuzz-c"]) {
    const reply = await stack.dashboard.upload(jsonlFile(2, prefix));
    expect(reply.status, reply.text).toBe(200);
    knownIds.push(json<WireBatch>(reply).id);
  }
  ended = await waitForEnded(stack.dashboard, knownIds[0] ?? "");
});

test.afterAll(async () => {
  await stack?.stop();
});

/** One call, and the upstream calls it caused, as "METHOD path". */
async function callAndRecord(method: string, path: string): Promise<{ reply: Reply; upstream: string[] }> {
  const from = proxy.requests.length;
  const reply = await stack.dashboard.call(method, path);
  sent.requests += 1;
  const upstream = proxy.requests.slice(from).map((request) => `${request.method} ${request.path}`);
  return { reply, upstream };
}

/** A 400 JSON error whose message names one of `names`, with no upstream call. */
function expectRefused({ reply, upstream }: { reply: Reply; upstream: string[] }, names: string[]): void {
  const where = `${reply.method} ${reply.path.slice(0, 200)} → ${reply.status} ${reply.text.slice(0, 200)}`;
  expect(reply.status, where).toBe(400);
  const { code, message } = errorOf(reply);
  expect(code, where).toBe("bad_request");
  expect(
    names.some((name) => message.includes(name === "" ? '""' : name)),
    `${where}: names one of ${JSON.stringify(names)}`,
  ).toBe(true);
  expect(upstream, where).toEqual([]);
  sent.refusedWithoutUpstream += 1;
}

const property = <T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>, numRuns = RUNS) =>
  fc.assert(fc.asyncProperty(arbitrary, check), { seed: SEED, numRuns });

test("[ssrf] generated non-ids on the batch and results pages → 404, zero upstream calls (case 14)", async () => {
  const before = await stack.upstream.stats();
  await property(badId, async (id) => {
    for (const page of [`/batches/${encodeURIComponent(id)}`, `/batches/${encodeURIComponent(id)}/results`]) {
      const { reply, upstream } = await callAndRecord("GET", page);
      const where = `GET ${page.slice(0, 200)} → ${reply.status}`;
      // "." and ".." stay dot segments after encoding: Next normalises them with a same-origin redirect.
      if (id === "." || id === "..") {
        expect(reply.status, where).toBeGreaterThanOrEqual(300);
        expect(reply.status, where).toBeLessThan(400);
        expect(reply.headers.location ?? "", where).toMatch(/^\/(?!\/)/);
      } else {
        expect(reply.status, where).toBe(404);
      }
      expect(upstream, where).toEqual([]);
      sent.refusedWithoutUpstream += 1;
    }
  });
  expect(await stack.upstream.stats()).toEqual(before);
});

/** The by-id routes and pages, and the one upstream call each makes for an id the upstream does not know. */
const BY_ID: { method: string; path: (id: string) => string; upstream: (id: string) => string }[] = [
  { method: "GET", path: (id) => `/api/batches/${id}`, upstream: (id) => `GET /v1/messages/batches/${id}` },
  {
    method: "DELETE",
    path: (id) => `/api/batches/${id}`,
    upstream: (id) => `DELETE /v1/messages/batches/${id}`,
  },
  {
    method: "POST",
    path: (id) => `/api/batches/${id}/cancel`,
    upstream: (id) => `POST /v1/messages/batches/${id}/cancel`,
  },
  // The results route retrieves the batch first; a 404 there ends it.
  {
    method: "GET",
    path: (id) => `/api/batches/${id}/results`,
    upstream: (id) => `GET /v1/messages/batches/${id}`,
  },
  { method: "GET", path: (id) => `/batches/${id}`, upstream: (id) => `GET /v1/messages/batches/${id}` },
  {
    method: "GET",
    path: (id) => `/batches/${id}/results`,
    upstream: (id) => `GET /v1/messages/batches/${id}`,
  },
];

test("[ssrf] generated valid ids with fuzzed query strings reach exactly /v1/messages/batches/<id>[/cancel] (case 14)", async () => {
  await property(fc.tuple(unknownId, byIdQuery), async ([id, params]) => {
    const query = queryString(params);
    for (const route of BY_ID) {
      const call = await callAndRecord(route.method, `${route.path(id)}${query}`);
      const { reply, upstream } = call;
      const where = `${route.method} ${reply.path.slice(0, 200)} → ${reply.status} ${reply.text.slice(0, 120)}`;
      // These routes take no parameter (but `download`); refusing a stranger would be right too.
      if (reply.status === 400 && route.path(id).startsWith("/api/")) {
        expectRefused(
          call,
          params.map((param) => param.key),
        );
        continue;
      }
      expect(reply.status, where).toBe(404);
      expect(upstream, where).toEqual([route.upstream(id)]);
    }
  });
});

test("[input] fuzzed query strings on the results download: same file, attachment only for download=1", async () => {
  const base = `/v1/messages/batches/${ended.id}`;
  await property(byIdQuery, async (params) => {
    const query = queryString(params);
    const call = await callAndRecord("GET", `/api/batches/${ended.id}/results${query}`);
    const { reply, upstream } = call;
    const where = `GET …/results${query.slice(0, 200)} → ${reply.status} ${reply.text.slice(0, 120)}`;
    if (reply.status === 400) {
      expectRefused(
        call,
        params.map((param) => param.key),
      );
      return;
    }
    expect(reply.status, where).toBe(200);
    expect(reply.text.trim().split("\n"), where).toHaveLength(2);
    // The batch itself may come from the one-second shared read; the results always come from upstream.
    expect(
      upstream.filter((line) => line !== `GET ${base}`),
      where,
    ).toEqual([`GET ${base}/results`]);
    const download = new URLSearchParams(query).get("download") === "1";
    expect(reply.headers["content-disposition"], where).toBe(
      download ? `attachment; filename="${ended.id}-results.jsonl"` : undefined,
    );
  });
});

test("[input] fuzzed query strings on GET /api/batches → 400 naming the parameter, or exactly the upstream list call", async () => {
  let refused = 0;
  let forwarded = 0;
  await property(listQuery(knownIds), async (params: QueryParam[]) => {
    const expected = expectList(params);
    const call = await callAndRecord("GET", `/api/batches${queryString(params)}`);
    const { reply, upstream } = call;
    const where = `GET ${reply.path.slice(0, 300)} → ${reply.status} ${reply.text.slice(0, 160)}`;
    if (expected.mustRefuse || (expected.mayRefuse && reply.status === 400 && upstream.length === 0)) {
      expectRefused(call, expected.offending);
      refused += 1;
      return;
    }
    // Accepted: one list call with the last value of each parameter (or none, answered by the shared read).
    expect(
      upstream.filter((line) => line !== `GET ${expected.upstreamPath}`),
      where,
    ).toEqual([]);
    if (expected.cursor === undefined || knownIds.includes(expected.cursor)) {
      expect(reply.status, where).toBe(200);
    } else {
      // A well-formed cursor the upstream does not know is the upstream's to refuse, and it is asked.
      expect(reply.status, where).toBe(400);
      expect(upstream, where).toEqual([`GET ${expected.upstreamPath}`]);
    }
    forwarded += 1;
  });
  // The generator must exercise both sides.
  expect(refused).toBeGreaterThan(RUNS / 4);
  expect(forwarded).toBeGreaterThan(RUNS / 8);
});

test("[input] fuzzed query strings on the /batches page → the page, listing exactly what its URL means", async () => {
  await property(listQuery(knownIds), async (params) => {
    const { reply, upstream } = await callAndRecord("GET", `/batches${queryString(params)}`);
    const where = `GET ${reply.path.slice(0, 300)} → ${reply.status}`;
    expect(reply.status, where).toBe(200);
    expect(
      upstream.filter((line) => line !== PROBE && line !== `GET ${expectListPage(params)}`),
      where,
    ).toEqual([]);
  });
});

test("[input] fuzzed query strings on routes with no upstream call, and on the health probe", async () => {
  await property(
    byIdQuery,
    async (params) => {
      const query = queryString(params);
      for (const [path, status, allowed] of [
        ["/api/auth/session", 200, []],
        ["/batches/new", 200, []],
        ["/api/health", 200, [PROBE]],
      ] as const) {
        const { reply, upstream } = await callAndRecord("GET", `${path}${query}`);
        const where = `GET ${reply.path.slice(0, 200)} → ${reply.status}`;
        expect(reply.status, where).toBe(status);
        expect(
          upstream.filter((line) => !(allowed as readonly string[]).includes(line)),
          where,
        ).toEqual([]);
      }
    },
    100,
  );
});

test("[input] POST /api/batches ignores its query string: refused files call nothing, a good one creates at the plain path", async () => {
  const junk = "?limit=1000&after_id=msgbatch_x&url=http%3A%2F%2Fevil.test%2F&path=..%2F..%2Fv1%2Fmodels";
  const before = await stack.upstream.stats();
  const from = proxy.requests.length;
  const refused = await stack.dashboard.call("POST", `/api/batches${junk}`, {
    body: "",
    headers: { "content-type": "application/x-ndjson", "x-dashboard-upload": "1" },
  });
  expect(refused.status, refused.text).toBe(422);
  expect(proxy.requests.length).toBe(from);
  expect(await stack.upstream.stats()).toEqual(before);

  const created = await stack.dashboard.call("POST", `/api/batches${junk}`, {
    body: jsonlFile(1, "fuzz-query"),
    headers: { "content-type": "application/x-ndjson", "x-dashboard-upload": "1" },
  });
  expect(created.status, created.text).toBe(200);
  const upstream = proxy.requests.slice(from).map((request) => `${request.method} ${request.path}`);
  expect(upstream.filter((line) => line.startsWith("POST"))).toEqual(["POST /v1/messages/batches"]);
  expect(upstream.filter((line) => /evil|models|limit=1000|msgbatch_x/.test(line))).toEqual([]);
});

test("[input] a query string past the server's header limit → 431 before any route, zero upstream calls", async () => {
  const huge = `?limit=20&x=${"a".repeat(20_000)}`;
  const before = await stack.upstream.stats();
  for (const path of [
    "/api/batches",
    `/api/batches/${knownIds[1]}`,
    `/api/batches/${knownIds[1]}/results`,
    "/batches",
  ]) {
    const { reply, upstream } = await callAndRecord("GET", `${path}${huge}`);
    expect(reply.status, `${path}?…`).toBe(431);
    expect(upstream).toEqual([]);
  }
  expect(await stack.upstream.stats()).toEqual(before);
});

test("[input] fuzz tally: no request ended in the server's unexpected-error path", () => {
  expect(stack.dashboard.output.join("")).not.toContain("unexpected error");
  recordFigure(
    `fuzz: ${sent.requests} generated requests (ids × by-id routes and pages, query strings on every route); ` +
      `${sent.refusedWithoutUpstream} refused with no upstream call, the rest called upstream only on their exact paths`,
  );
});
