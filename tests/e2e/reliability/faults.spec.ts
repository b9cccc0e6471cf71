// Upstream faults (security.md §2.3–2.5, §4; catalogue 21–31, 41–43) injected by the emulator, and by a
// recording proxy where the emulator has no such fault.
import { expect, test } from "@playwright/test";
import {
  Dashboard,
  errorOf,
  freePort,
  json,
  jsonlFile,
  makeCanary,
  occurrences,
  replyTexts,
  type Stack,
  sleep,
  startStack,
  totalOf,
  type WireBatch,
  waitForEnded,
} from "../api/harness";

let stack: Stack;
/** A second dashboard whose upstream is a port nobody listens on. */
let orphan: Dashboard;
let orphanKey: string;

test.beforeAll(async () => {
  orphanKey = makeCanary("DEADPORT");
  const deadPort = await freePort();
  [stack, orphan] = await Promise.all([
    // Fast processing (no latency) but not instant: 20,000 requests take ~5 s, so a batch can be caught running.
    startStack({ emulator: { rate: 4000, latencyMs: 0, concurrency: 64 }, proxy: {} }),
    Dashboard.start({ upstreamUrl: `http://127.0.0.1:${deadPort}`, apiKey: orphanKey }),
  ]);
});

test.afterAll(async () => {
  const [output, orphanOutput] = await Promise.all([stack?.stop(), orphan?.stop()]);
  if (stack) {
    const texts = [
      ...replyTexts(stack.dashboard),
      ...(orphan ? replyTexts(orphan) : []),
      { label: "server output", text: output ?? "" },
      { label: "orphan server output", text: orphanOutput ?? "" },
    ];
    expect(occurrences(stack.canary, texts)).toEqual([]);
    expect(occurrences(orphanKey, texts)).toEqual([]);
  }
});

test.afterEach(async () => {
  await stack.upstream.clearFaults();
  if (stack.proxy) {
    stack.proxy.options.cleanCutResultsAfter = undefined;
    stack.proxy.options.padResultLines = undefined;
  }
});

/**
 * The dashboard shares a list answer between callers for a second; a page size no earlier call used makes
 * sure each test's list call reaches the upstream and meets the faults it queued.
 */
let pageSize = 1;
const unsharedListPath = () => `/api/batches?limit=${++pageSize}`;

/** An ended batch of `count` requests, made through the dashboard. */
async function endedBatch(count: number, prefix: string): Promise<WireBatch> {
  const reply = await stack.dashboard.upload(jsonlFile(count, prefix));
  expect(reply.status, reply.text).toBe(200);
  return waitForEnded(stack.dashboard, json<WireBatch>(reply).id);
}

test("[fault] list through 529, 529, 200 → 200 after 3 upstream calls (case 21)", async () => {
  await stack.upstream.queueFaults({ kind: "529", times: 2, route: "list" });
  const before = await stack.upstream.stats();
  const reply = await stack.dashboard.get(unsharedListPath());
  expect(reply.status, reply.text).toBe(200);
  expect(Array.isArray(json<{ data: unknown[] }>(reply).data)).toBe(true);
  expect((await stack.upstream.stats()).calls.list - before.calls.list).toBe(3);
  // SDK-style backoff: ~0.5 s then ~1 s, minus up to 25% jitter.
  expect(reply.ms).toBeGreaterThanOrEqual(1_100);
  expect(reply.ms).toBeLessThan(5_000);
});

test("[fault] list behind 429 retry-after: 1 → 200 after ≥ 1 s (case 22)", async () => {
  await stack.upstream.queueFaults({ kind: "429", arg: 1, times: 1, route: "list" });
  const before = await stack.upstream.stats();
  const reply = await stack.dashboard.get(unsharedListPath());
  expect(reply.status, reply.text).toBe(200);
  expect(reply.ms).toBeGreaterThanOrEqual(1_000);
  expect((await stack.upstream.stats()).calls.list - before.calls.list).toBe(2);
});

test("[fault] list behind 429 retry-after: 3600 → a quick 429 rate_limited with Retry-After: 3600 (case 22)", async () => {
  await stack.upstream.queueFaults({ kind: "429", arg: 3600, times: 1, route: "list" });
  const before = await stack.upstream.stats();
  const reply = await stack.dashboard.get(unsharedListPath());
  expect(reply.status, reply.text).toBe(429);
  expect(reply.headers["retry-after"]).toBe("3600");
  const error = errorOf(reply);
  expect(error.code).toBe("rate_limited");
  expect(error.retry_after).toBe(3600);
  expect(reply.ms).toBeLessThan(2_000);
  expect((await stack.upstream.stats()).calls.list - before.calls.list).toBe(1);
});

test("[fault] list behind 529 ×3 → 503 upstream_overloaded after 3 upstream calls", async () => {
  await stack.upstream.queueFaults({ kind: "529", times: 3, route: "list" });
  const before = await stack.upstream.stats();
  const reply = await stack.dashboard.get(unsharedListPath());
  expect(reply.status, reply.text).toBe(503);
  expect(errorOf(reply).code).toBe("upstream_overloaded");
  expect((await stack.upstream.stats()).calls.list - before.calls.list).toBe(3);
});

test("[fault] list behind 500 ×3 → 502 after 3 upstream calls", async () => {
  await stack.upstream.queueFaults({ kind: "500", times: 3, route: "list" });
  const before = await stack.upstream.stats();
  const reply = await stack.dashboard.get(unsharedListPath());
  expect(reply.status, reply.text).toBe(502);
  expect(errorOf(reply).code).toBe("upstream_unavailable");
  expect(errorOf(reply).request_id).toMatch(/^req_/);
  expect((await stack.upstream.stats()).calls.list - before.calls.list).toBe(3);
  expect(reply.ms).toBeLessThan(5_000);
});

test("[fault] upstream down (connection refused) → 502 upstream_unavailable, fast (case 24)", async () => {
  for (const [method, path, body] of [
    ["GET", "/api/batches", undefined],
    ["GET", "/api/batches/msgbatch_013Zva2CMHLNnXjNJJKqJ2EF", undefined],
    ["POST", "/api/batches/msgbatch_013Zva2CMHLNnXjNJJKqJ2EF/cancel", undefined],
  ] as const) {
    const reply = await orphan.call(method, path, { body });
    expect(reply.status, `${method} ${path}: ${reply.text}`).toBe(502);
    expect(errorOf(reply).code).toBe("upstream_unavailable");
    expect(reply.ms).toBeLessThan(5_000);
  }
  // A create that could not connect certainly created nothing: a plain 502, not a long reconciliation.
  const create = await orphan.upload(jsonlFile(2, "down"));
  expect(create.status, create.text).toBe(502);
  expect(errorOf(create).code).toBe("upstream_unavailable");
  expect(create.ms).toBeLessThan(5_000);
});

test("[fault] create behind 529 then 200, and 429 (retry-after 1) then 200 → exactly 1 created each (case 28)", async () => {
  for (const fault of [{ kind: "529" }, { kind: "429", arg: 1 }]) {
    await stack.upstream.queueFaults({ ...fault, times: 1, route: "create" });
    const before = await stack.upstream.stats();
    const reply = await stack.dashboard.upload(jsonlFile(3, `retry-${fault.kind}`));
    expect(reply.status, `${fault.kind}: ${reply.text}`).toBe(200);
    const after = await stack.upstream.stats();
    expect(after.calls.create - before.calls.create, fault.kind).toBe(2);
    expect(after.batches - before.batches, fault.kind).toBe(1);
    const newest = (await stack.upstream.list(1)).data[0];
    expect(json<WireBatch>(reply).id).toBe(newest?.id);
  }
});

test("[fault] create whose answer is lost (reset after the upstream created it) → reconciled to THAT batch (case 26)", async () => {
  await stack.upstream.queueFaults({ kind: "reset", times: 1, route: "create" });
  const before = await stack.upstream.stats();
  // A size no other test uses, so the reconciliation has exactly one candidate.
  const reply = await stack.dashboard.upload(jsonlFile(13, "lost"));
  expect(reply.status, reply.text).toBe(200);
  const after = await stack.upstream.stats();
  expect(after.calls.create - before.calls.create).toBe(1);
  expect(after.batches - before.batches).toBe(1);
  const newest = (await stack.upstream.list(1)).data[0];
  const batch = json<WireBatch>(reply);
  expect(batch.id).toBe(newest?.id);
  expect(totalOf(batch.request_counts)).toBe(13);
  expect(reply.ms).toBeLessThan(10_000);
});

test("[fault] create behind a 500 that created nothing, just after an un-keyed batch of the same size → that other batch is not adopted (case 27)", async () => {
  test.setTimeout(60_000);
  // Someone (this dashboard, a script, a teammate) created a 17-request batch a moment ago…
  const earlier = await stack.dashboard.upload(jsonlFile(17, "someone-else"));
  expect(earlier.status, earlier.text).toBe(200);
  const earlierId = json<WireBatch>(earlier).id;
  // …then this upload's create is refused with a 500 before the upstream does anything.
  await stack.upstream.queueFaults({ kind: "500", times: 1, route: "create" });
  const before = await stack.upstream.stats();
  const reply = await stack.dashboard.upload(jsonlFile(17, "mine"));
  const after = await stack.upstream.stats();
  expect(after.batches - before.batches, "batches created for this upload").toBe(0);
  // The file was never submitted: answering 200 with the earlier batch would tell the user it was.
  const claimed = reply.status === 200 ? json<WireBatch>(reply).id : undefined;
  expect(
    claimed,
    `answered ${reply.status} claiming ${earlierId} (the earlier, unrelated batch) as this upload's batch`,
  ).toBeUndefined();
  expect(reply.status, reply.text).toBe(502);
});

test("[fault] cancel whose answer is lost → retried, reported as done; delete likewise (case 31)", async () => {
  const created = await stack.dashboard.upload(jsonlFile(20_000, "big"));
  expect(created.status, created.text.slice(0, 300)).toBe(200);
  const id = json<WireBatch>(created).id;
  await stack.upstream.queueFaults({ kind: "reset", times: 1, route: "cancel" });
  const before = await stack.upstream.stats();
  const cancel = await stack.dashboard.call("POST", `/api/batches/${id}/cancel`);
  expect(cancel.status, cancel.text).toBe(200);
  expect(["canceling", "ended"]).toContain(json<WireBatch>(cancel).processing_status);
  expect((await stack.upstream.stats()).calls.cancel - before.calls.cancel).toBe(2);
  const ended = await waitForEnded(stack.dashboard, id);
  expect(ended.request_counts.canceled).toBeGreaterThan(0);

  await stack.upstream.queueFaults({ kind: "reset", times: 1, route: "delete" });
  const deleted = await stack.dashboard.call("DELETE", `/api/batches/${id}`);
  expect(deleted.status, deleted.text).toBe(200);
  expect(json(deleted)).toEqual({ id, type: "message_batch_deleted" });
  expect((await stack.dashboard.get(`/api/batches/${id}`)).status).toBe(404);
});

test("[stream] results cut by the upstream after 3 lines → the client's read fails, never a clean short file (case 41)", async () => {
  const batch = await endedBatch(10, "cut");
  await stack.upstream.queueFaults({ kind: "cut", arg: 3, times: 1, route: "results" });
  const read = await stack.dashboard.stream(`/api/batches/${batch.id}/results`);
  expect(read.status).toBe(200);
  expect(read.headers["x-results-expected"]).toBe("10");
  expect(read.error, `a clean body of ${read.received.split("\n").length - 1} lines`).toBeDefined();
  expect(read.received.split("\n").filter(Boolean).length).toBeLessThan(10);
});

test("[stream] results ending cleanly after 3 of 10 lines → the client's read fails too (case 42)", async () => {
  const batch = await endedBatch(10, "short");
  if (!stack.proxy) throw new Error("this spec runs with a proxy");
  stack.proxy.options.cleanCutResultsAfter = 3;
  const read = await stack.dashboard.stream(`/api/batches/${batch.id}/results`);
  expect(read.status).toBe(200);
  expect(read.error, `a clean body of ${read.received.split("\n").length - 1} lines`).toBeDefined();
  stack.proxy.options.cleanCutResultsAfter = undefined;
  // Without the fault, the same results arrive whole.
  const whole = await stack.dashboard.stream(`/api/batches/${batch.id}/results`);
  expect(whole.error).toBeUndefined();
  expect(whole.received.trimEnd().split("\n")).toHaveLength(10);
});

test("[stream] a client abort mid-download closes the upstream exchange and leaves the server healthy (case 43)", async () => {
  if (!stack.proxy) throw new Error("this spec runs with a proxy");
  const proxy = stack.proxy;
  const batch = await endedBatch(5_000, "abort");
  // ~10 KB a line: ~50 MB of results, far more than the sockets in between can hold.
  proxy.options.padResultLines = 10_000;
  const full = await stack.dashboard.stream(`/api/batches/${batch.id}/results`);
  expect(full.error).toBeUndefined();
  const total = Buffer.byteLength(full.received);
  // Large enough that socket buffers cannot hold it: an abort after the first chunk is really mid-way.
  expect(total).toBeGreaterThan(40_000_000);

  for (let round = 0; round < 3; round++) {
    const controller = new AbortController();
    let got = 0;
    let openDuring = 0;
    const read = await stack.dashboard.stream(`/api/batches/${batch.id}/results?download=1`, {
      signal: controller.signal,
      onChunk: (received) => {
        got = received;
        openDuring = proxy.active();
        controller.abort();
      },
    });
    expect(read.status).toBe(200);
    expect(read.error?.name).toBe("AbortError");
    expect(got).toBeLessThan(total);
    expect(openDuring, "the upstream results exchange was open while the download ran").toBeGreaterThan(0);
    // The abort reaches the upstream: the results exchange is closed within a second.
    const deadline = Date.now() + 1_000;
    while (proxy.active() > 0 && Date.now() < deadline) await sleep(20);
    expect(proxy.active(), "upstream exchanges still open 1 s after the abort").toBe(0);
  }
  // The server still answers, and the same download still arrives whole.
  const retrieve = await stack.dashboard.get(`/api/batches/${batch.id}`);
  expect(retrieve.status).toBe(200);
  const again = await stack.dashboard.stream(`/api/batches/${batch.id}/results`);
  expect(again.error).toBeUndefined();
  expect(Buffer.byteLength(again.received)).toBe(total);
  expect(stack.dashboard.output.join("")).not.toMatch(/unexpected error|uncaught|unhandled/i);
});

test("[stream] 20 concurrent downloads, all aborted → every upstream exchange closes (case 45)", async () => {
  if (!stack.proxy) throw new Error("this spec runs with a proxy");
  const proxy = stack.proxy;
  const batch = await endedBatch(5_000, "many");
  proxy.options.padResultLines = 10_000;
  const controllers = Array.from({ length: 20 }, () => new AbortController());
  const reads = controllers.map((controller) =>
    stack.dashboard.stream(`/api/batches/${batch.id}/results`, {
      signal: controller.signal,
      onChunk: () => controller.abort(),
    }),
  );
  const results = await Promise.all(reads);
  for (const read of results) {
    expect(read.status).toBe(200);
    expect(read.error?.name).toBe("AbortError");
    expect(Buffer.byteLength(read.received)).toBeLessThan(40_000_000);
  }
  const deadline = Date.now() + 2_000;
  while (proxy.active() > 0 && Date.now() < deadline) await sleep(20);
  expect(proxy.active(), "upstream exchanges still open 2 s after the aborts").toBe(0);
  expect((await stack.dashboard.get(`/api/batches/${batch.id}`)).status).toBe(200);
});

test("[stream] a stalled reader holds the upstream back instead of buffering it (case 44)", async () => {
  if (!stack.proxy) throw new Error("this spec runs with a proxy");
  const proxy = stack.proxy;
  const batch = await endedBatch(5_000, "stall");
  proxy.options.padResultLines = 10_000;
  const { rest } = await stack.dashboard.firstChunk(`/api/batches/${batch.id}/results`);
  const start = proxy.paddedBytes();
  // The browser stops reading for two seconds.
  await sleep(2_000);
  const pulled = proxy.paddedBytes();
  const during = pulled - start;
  await rest.return?.();
  // ~50 MB are waiting upstream; only what the sockets and stream buffers in between hold may have moved.
  expect(during, `${during} bytes pulled from upstream while the reader stalled`).toBeLessThan(
    16 * 1024 * 1024,
  );
  const deadline = Date.now() + 1_000;
  while (proxy.active() > 0 && Date.now() < deadline) await sleep(20);
  expect(proxy.active()).toBe(0);
});
