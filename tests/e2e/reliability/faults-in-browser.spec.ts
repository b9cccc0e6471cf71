// Upstream faults as the user meets them (issue 7): real Chromium on the built dashboard, the emulator
// injecting each fault. For each: what the page says (what happened, what to do), whether it recovers by
// itself where that is safe, that it does not hammer an API that is failing or asked it to wait, and the
// ledger: every batch created exists upstream exactly once, and the upstream holds no other.
import { test as base, expect, type Page } from "@playwright/test";
import {
  json,
  jsonlFile,
  ledgerProblems,
  type Stack,
  sleep,
  startStack,
  totalOf,
  type WireBatch,
  waitForEnded,
} from "../api/harness";
import { watchForErrors } from "../fixtures";
import { BatchDetailPage } from "../pages/batch-detail-page";
import { BatchesListPage } from "../pages/batches-list-page";
import { NewBatchPage } from "../pages/new-batch-page";
import { ResultsPage } from "../pages/results-page";
import { recordFigure } from "./figures";

/** This spec's stack, from the worker fixture below, for the helpers. */
let stack: Stack;
/** A batch that stays in progress until the results case cancels it (20 requests a second in all). */
let running: WireBatch;
/** Every batch the spec saw created, from a reply or the page the user landed on. */
const created: string[] = [];
let keyCount = 0;

// One stack for the spec. Each test's `page` is its own, on this stack's dashboard, and is closed after
// the test: a page left polling would eat the faults queued for the next one.
const test = base.extend<object, { faultStack: Stack }>({
  faultStack: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const started = await startStack({ emulator: { rate: 20, latencyMs: 20, concurrency: 8 } });
      await use(started);
      await started.stop();
    },
    { scope: "worker", timeout: 120_000 },
  ],
  baseURL: async ({ faultStack }, use) => {
    await use(faultStack.dashboard.origin);
  },
});

test.describe.configure({ mode: "serial" });

/** Creates through the route with an Idempotency-Key, as the form does, so the journal records it. */
async function createBatch(requests: number, prefix: string): Promise<WireBatch> {
  const reply = await stack.dashboard.upload(jsonlFile(requests, prefix), {
    headers: { "idempotency-key": `faults-in-browser-${++keyCount}` },
  });
  expect(reply.status, reply.text.slice(0, 300)).toBe(200);
  const batch = json<WireBatch>(reply);
  created.push(batch.id);
  return batch;
}

async function upstreamCalls(route: "list" | "retrieve"): Promise<number> {
  return (await stack.upstream.stats()).calls[route];
}

/** The browser's own calls for the list, counted from now on. */
function countListCalls(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on("request", (request) => {
    if (request.method() === "GET" && new URL(request.url()).pathname === "/api/batches") seen.count += 1;
  });
  return seen;
}

const refreshWarning = (page: Page) => page.getByTestId("refresh-warning");

test.beforeAll(async ({ faultStack }) => {
  stack = faultStack;
  running = await createBatch(5_000, "long");
});

test.beforeEach(async () => {
  // The dashboard shares a read's answer for a second: each test starts past it.
  await sleep(1_100);
});

test.afterEach(async () => {
  await stack.upstream.clearFaults();
  expect(await ledgerProblems(stack, created)).toEqual([]);
});

test("[fault] 429 with retry-after 1 on the list: the page shows the batches, no error (recovered)", async ({
  page,
}) => {
  const errors = watchForErrors(page);
  const list = new BatchesListPage(page);
  await list.goto();
  await expect(list.rows.first()).toBeVisible();
  // The next poll (every 5 s while a batch runs) meets the 429; the server waits the second out.
  await stack.upstream.queueFaults({ kind: "429", arg: 1, times: 1, route: "list" });
  const before = await upstreamCalls("list");
  const poll = await page.waitForResponse((response) => new URL(response.url()).pathname === "/api/batches", {
    timeout: 15_000,
  });
  expect(poll.status()).toBe(200);
  expect(poll.request().timing().responseStart, "the answer came after the asked wait").toBeGreaterThan(
    1_000,
  );
  expect((await upstreamCalls("list")) - before, "the 429, then one call after the wait").toBe(2);
  await expect(list.rows.first()).toBeVisible();
  await expect(list.errorState).toHaveCount(0);
  await expect(refreshWarning(page)).toHaveCount(0);
  expect(errors).toEqual([]);
  recordFigure("429, retry-after 1 s on a list poll: waited out by the server (2 calls); no message");
});

test("[fault] 429 with retry-after 3600 on the list: at once, 'rate limited, try again after <time>', and no call while the page waits", async ({
  page,
}) => {
  await stack.upstream.queueFaults({ kind: "429", arg: 3600, times: 100, route: "list" });
  const before = await upstreamCalls("list");
  const list = new BatchesListPage(page);
  const asked = countListCalls(page);
  const started = Date.now();
  const answer = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/batches");
  await page.goto("/batches");
  const response = await answer;
  expect(response.status()).toBe(429);
  expect(response.headers()["retry-after"]).toBe("3600");
  await expect(list.errorState).toBeVisible();
  const shownIn = Date.now() - started;
  expect(shownIn, "no request held open for the hour").toBeLessThan(5_000);
  await expect(list.errorState).toContainText("Could not load the batches");
  await expect(list.errorState).toContainText("The Anthropic API is rate limiting this key");
  await expect(list.errorState.getByTestId("error-wait")).toHaveText(
    /^The API asked to wait 1 h: try again after \d{1,2}:\d{2}/,
  );
  await expect(list.errorState).toContainText(/Request id req_/);
  await page.screenshot({ path: "test-results/screenshots/fault-rate-limited-1280.png", fullPage: true });
  // The page render (the list and the connection probe) and the browser's one call: nothing retried.
  expect((await upstreamCalls("list")) - before).toBe(3);
  await sleep(6_000);
  expect(asked.count, "list calls from the browser while it shows the wait").toBe(1);
  expect((await upstreamCalls("list")) - before, "upstream calls while the page shows the wait").toBe(3);
  // Once the limit is over, Retry brings the list.
  await stack.upstream.clearFaults();
  await list.errorState.getByTestId("retry").click();
  await expect(list.rows.first()).toBeVisible();
  recordFigure(
    `429, retry-after 3600 s: 'rate limiting, try again after <time>' in ${shownIn} ms; no call in 6 s; Retry loads the list`,
  );
});

test("[fault] a 529 burst longer than the server's retries while the batch page watches: 'overloaded' over the last data, then it recovers by itself", async ({
  page,
}) => {
  const detail = new BatchDetailPage(page);
  await detail.goto(running.id);
  await detail.expectStatus("in_progress");
  // The server tries each poll three times (0.5 s, 1 s apart): a burst of three reaches the user, and the
  // browser does not ask the same again on top (a shorter burst is ridden out without a word).
  await stack.upstream.queueFaults({ kind: "529", times: 3, route: "retrieve" });
  const warning = refreshWarning(page);
  await expect(warning).toBeVisible({ timeout: 20_000 });
  const shown = await upstreamCalls("retrieve");
  await expect(warning).toContainText(
    "Could not refresh; showing what was loaded last. Retrying on its own.",
  );
  await expect(warning).toContainText("The Anthropic API is overloaded");
  await expect(warning).toContainText("HTTP 503");
  await expect(warning).toContainText(/Request id req_/);
  await page.screenshot({ path: "test-results/screenshots/fault-overloaded-1280.png", fullPage: true });
  await expect(detail.detail).toHaveAttribute("data-status", "in_progress");
  await expect(warning).toBeHidden({ timeout: 45_000 });
  // The next poll waits out a backoff and succeeds at its first call.
  expect((await upstreamCalls("retrieve")) - shown, "calls while the warning showed").toBeLessThanOrEqual(1);
  recordFigure(
    "529 ×3: 'overloaded' with the request id over the last data; 1 call later it recovered itself",
  );
});

test("[fault] 500 on every try while the batch page opens: the API failed with HTTP 500, request id, no hammering; it recovers by itself", async ({
  page,
}) => {
  await stack.upstream.queueFaults({ kind: "500", times: 1_000, route: "retrieve" });
  await page.goto(`/batches/${running.id}`);
  const error = page.getByTestId("error-state");
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error).toContainText("Could not load the batch");
  await expect(error).toContainText("The Anthropic API failed with HTTP 500");
  await expect(error).toContainText("Try again shortly");
  await expect(error).toContainText("HTTP 502");
  await expect(error).toContainText(/Request id req_/);
  await page.screenshot({ path: "test-results/screenshots/fault-server-error-1280.png", fullPage: true });
  // With nothing on screen the page asks again by itself, at 6 s, 12 s, 24 s…: one poll (three server
  // tries; the browser does not add its own) at most in the next 8 s.
  const shown = await upstreamCalls("retrieve");
  await sleep(8_000);
  const meanwhile = (await upstreamCalls("retrieve")) - shown;
  expect(meanwhile, "upstream calls in 8 s of showing the error").toBeLessThanOrEqual(3);
  await expect(error.getByTestId("retry")).toBeVisible();
  // Once the API answers again, the page's next poll brings the batch without a click.
  await stack.upstream.clearFaults();
  await new BatchDetailPage(page).expectStatus("in_progress", 30_000);
  recordFigure(
    `500 on every try: 'failed with HTTP 500' + request id; ${meanwhile} calls in 8 s; recovered by itself`,
  );
});

test("[fault] connection refused (the API is down): the list says it is unreachable over the last data, and comes back by itself", async ({
  page,
}) => {
  const list = new BatchesListPage(page);
  await list.goto();
  await expect(list.rows.first()).toBeVisible();
  const asked = countListCalls(page);
  await stack.stopUpstream();
  let meanwhile: number;
  try {
    const warning = refreshWarning(page);
    await expect(warning).toBeVisible({ timeout: 30_000 });
    await expect(warning).toContainText("The Anthropic API is unreachable. Try again shortly.");
    await expect(warning).toContainText("Retrying on its own.");
    await expect(list.rows.first()).toBeVisible();
    const shown = asked.count;
    await sleep(8_000);
    meanwhile = asked.count - shown;
    // The next poll waits at least twice the 5 s interval: one call at most in these 8 s.
    expect(meanwhile, "browser list calls in 8 s of showing the warning").toBeLessThanOrEqual(1);
  } finally {
    await stack.startUpstream();
  }
  await expect(refreshWarning(page)).toBeHidden({ timeout: 45_000 });
  recordFigure(
    `connection refused: 'unreachable' over the last data, ${meanwhile} calls in 8 s; recovered by itself`,
  );
});

test("[fault] headers that never come: after the 30 s read timeout the page says the API did not answer in time, not retried, then carries on", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const detail = new BatchDetailPage(page);
  await detail.goto(running.id);
  await detail.expectStatus("in_progress");
  await stack.upstream.queueFaults({ kind: "hang", times: 1, route: "retrieve" });
  const before = await upstreamCalls("retrieve");
  const hung = Date.now();
  const warning = refreshWarning(page);
  await expect(warning).toBeVisible({ timeout: 45_000 });
  const waited = Date.now() - hung;
  await expect(warning).toContainText("The Anthropic API did not answer in time.");
  await expect(warning).toContainText("HTTP 504");
  // One hung call, not retried into a 90 s wait by the server nor by the browser.
  expect((await upstreamCalls("retrieve")) - before).toBe(1);
  expect(waited).toBeLessThan(40_000);
  // The next poll waits as long as the data has been stale (backoff), ~35 s here.
  await expect(warning).toBeHidden({ timeout: 60_000 });
  recordFigure(
    `headers that never come: 'did not answer in time' after ${Math.round(waited / 1000)} s, 1 call, recovered by itself`,
  );
});

test("[stream] the results stream cut mid-way in the viewer: 'Interrupted after N of M', and Resume completes it with every row once", async ({
  page,
}) => {
  const small = await createBatch(60, "cut");
  // The long batch has served its purpose; the small one gets the emulator's whole rate.
  await stack.dashboard.call("POST", `/api/batches/${running.id}/cancel`);
  const ended = await waitForEnded(stack.dashboard, small.id, 60_000);
  expect(totalOf(ended.request_counts)).toBe(60);
  await stack.upstream.queueFaults({ kind: "cut", arg: 25, times: 1, route: "results" });
  await page.goto(`/batches/${ended.id}/results`);
  const interrupted = page.getByTestId("results-interrupted");
  await expect(interrupted).toBeVisible({ timeout: 20_000 });
  await expect(interrupted).toContainText(
    "Interrupted after 25 of 60 results: the rest did not arrive, so what is shown is incomplete.",
  );
  await expect(page.getByTestId("results-resume")).toContainText("Resume (fetch again, keep the 25 loaded)");
  await page.getByTestId("results-resume").click();
  const results = new ResultsPage(page);
  // 60 rows of 60 results: each once (a row loaded twice would make 61, one skipped 59).
  await results.expectComplete(60);
  await expect(results.chip("succeeded")).toHaveAttribute("data-count", "60");
  await expect(interrupted).toBeHidden();
  recordFigure("results cut after 25 of 60 lines: 'Interrupted after 25 of 60', Resume completed 60 rows");
});

test("[fault] the upstream restarts while the batch page watches a running batch: the page carries on, the batch ends whole, nothing is created twice", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const batch = await createBatch(200, "restart");
  const detail = new BatchDetailPage(page);
  await detail.goto(batch.id);
  await detail.expectStatus("in_progress");
  await stack.stopUpstream();
  try {
    // Long enough for a poll (every 3 s) to find it down.
    await sleep(4_000);
  } finally {
    await stack.startUpstream();
  }
  await detail.expectStatus("ended", 90_000);
  await expect(detail.count("succeeded")).toContainText("200");
  await expect(refreshWarning(page)).toBeHidden();
  const ended = await stack.upstream.retrieve(batch.id);
  expect(ended.request_counts.succeeded).toBe(200);
  recordFigure("upstream restart under a watched batch: the page carried on to 'ended', 200 of 200 results");
});

test("[fault] a create through the form meets 529 then 200: exactly one batch, and the user lands on it", async ({
  page,
}) => {
  const form = new NewBatchPage(page);
  await form.goto();
  await form.choose({
    name: "three.jsonl",
    mimeType: "application/x-ndjson",
    buffer: Buffer.from(jsonlFile(3, "form")),
  });
  await form.expectChecked(true);
  await stack.upstream.queueFaults({ kind: "529", times: 1, route: "create" });
  const before = await stack.upstream.stats();
  await form.submit.click();
  await expect(page).toHaveURL(/\/batches\/msgbatch_[A-Za-z0-9_-]+$/, { timeout: 30_000 });
  const landed = new URL(page.url()).pathname.split("/").at(-1) ?? "";
  created.push(landed);
  await expect(page.getByTestId("batch-id")).toHaveText(landed);
  const after = await stack.upstream.stats();
  expect(after.calls.create - before.calls.create, "the 529, then the create").toBe(2);
  expect(after.batches - before.batches).toBe(1);
  expect((await stack.upstream.list(1)).data[0]?.id).toBe(landed);
  recordFigure(
    "create behind 529 then 200: one batch, the user landed on it; journal = upstream after every case",
  );
});
