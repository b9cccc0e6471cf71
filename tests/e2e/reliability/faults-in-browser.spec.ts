// Upstream faults as the user meets them (issue 7): real Chromium on the built dashboard, the emulator
// injecting each fault. For each: what the page says, whether it recovers by itself where that is safe, that
// it does not hammer an API that asked it to wait, and the ledger (every batch the dashboard's create
// journal knows exists upstream exactly once, and the upstream holds no other).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import {
  json,
  jsonlFile,
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

let stack: Stack;
/** A batch that stays in progress for every test but the last (20 requests a second across batches). */
let running: WireBatch;
let keyCount = 0;

test.describe.configure({ mode: "serial" });

/** Creates through the route with an Idempotency-Key, as the form does, so the journal records it. */
async function createBatch(requests: number, prefix: string): Promise<WireBatch> {
  const reply = await stack.dashboard.upload(jsonlFile(requests, prefix), {
    headers: { "idempotency-key": `faults-in-browser-${++keyCount}` },
  });
  expect(reply.status, reply.text.slice(0, 300)).toBe(200);
  return json<WireBatch>(reply);
}

async function openPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: stack.dashboard.origin });
  return context.newPage();
}

async function upstreamCalls(route: "list" | "retrieve" | "create"): Promise<number> {
  return (await stack.upstream.stats()).calls[route];
}

/** The create journal's batches (security.md §5.1 ledger): exactly the batches the upstream holds. */
async function expectLedger(): Promise<void> {
  const journal = JSON.parse(
    readFileSync(join(stack.dashboard.dataDir, "create-journal.json"), "utf8"),
  ) as Record<string, { state: string; batch?: { id: string } }>;
  const journaled = Object.values(journal).flatMap((record) => (record.batch ? [record.batch.id] : []));
  expect(new Set(journaled).size, "one journal entry per batch").toBe(journaled.length);
  const upstream = (await stack.upstream.list()).data.map((batch) => batch.id);
  expect(new Set(upstream)).toEqual(new Set(journaled));
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  stack = await startStack({ emulator: { rate: 20, latencyMs: 20, concurrency: 8 } });
  running = await createBatch(5_000, "long");
});

test.afterAll(async () => {
  await stack?.stop();
});

test.beforeEach(async () => {
  // The dashboard shares a read's answer for a second: each test starts past it.
  await sleep(1_100);
});

test.afterEach(async () => {
  await stack.upstream.clearFaults();
  await expectLedger();
});

test("[fault] 429 with retry-after 1 on the list: the dashboard waits and the page shows the batches, no error", async ({
  browser,
}) => {
  const page = await openPage(browser);
  const errors = watchForErrors(page);
  await stack.upstream.queueFaults({ kind: "429", arg: 1, times: 1, route: "list" });
  const list = new BatchesListPage(page);
  await list.goto();
  await expect(list.rows.first()).toBeVisible();
  await expect(list.errorState).toHaveCount(0);
  await expect(page.getByTestId("refresh-warning")).toHaveCount(0);
  expect(errors).toEqual([]);
  recordFigure("429, retry-after 1 s: waited out by the server; the list shows, no message");
});

test("[fault] 429 with retry-after 3600 on the list: the page says at once that the API asked to wait an hour, and does not ask again", async ({
  browser,
}) => {
  const page = await openPage(browser);
  await stack.upstream.queueFaults({ kind: "429", arg: 3600, times: 100, route: "list" });
  const list = new BatchesListPage(page);
  const started = Date.now();
  await page.goto("/batches");
  await expect(list.errorState).toBeVisible({ timeout: 10_000 });
  expect(Date.now() - started, "no spinner while the browser sits out an hour").toBeLessThan(10_000);
  await expect(list.errorState).toContainText("HTTP 429");
  await expect(list.errorState).toContainText("The API asked to wait 3600 s.");
  const asked: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/batches") asked.push(request.url());
  });
  await sleep(6_000);
  expect(asked, "list requests while the page shows the wait").toEqual([]);
  // Once the limit is over, Retry brings the list.
  await stack.upstream.clearFaults();
  await page.getByTestId("retry").click();
  await expect(list.rows.first()).toBeVisible();
  recordFigure(
    "429, retry-after 3600 s: the wait shown at once, no request for it; Retry loads the list after",
  );
});

test("[fault] a 529 burst longer than the server's retries while the batch page watches: 'overloaded' over the last data, then it recovers by itself", async ({
  browser,
}) => {
  const page = await openPage(browser);
  const detail = new BatchDetailPage(page);
  await detail.goto(running.id);
  await detail.expectStatus("in_progress");
  // The server tries each poll three times and the browser each poll three times: a burst of nine
  // reaches the user (a shorter one is ridden out without a word, which the 429 case above shows).
  await stack.upstream.queueFaults({ kind: "529", times: 9, route: "retrieve" });
  const warning = page.getByTestId("refresh-warning");
  await expect(warning).toBeVisible({ timeout: 20_000 });
  await expect(warning).toContainText(
    "Could not refresh; showing what was loaded last. Retrying on its own.",
  );
  await expect(warning).toContainText(/overloaded/i);
  await expect(warning).toContainText(/Request id req_/);
  await expect(detail.detail).toHaveAttribute("data-status", "in_progress");
  await expect(warning).toBeHidden({ timeout: 45_000 });
  recordFigure("529 ×9: 'overloaded' with the request id over the last data, recovered by itself");
});

test("[fault] 500 on every try while the batch page opens: the error with HTTP 502 and the request id; Retry recovers", async ({
  browser,
}) => {
  const page = await openPage(browser);
  // The server render and the browser's own three tries each meet three 500s.
  await stack.upstream.queueFaults({ kind: "500", times: 12, route: "retrieve" });
  await page.goto(`/batches/${running.id}`);
  const error = page.getByTestId("error-state");
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error).toContainText("Could not load the batch");
  await expect(error).toContainText("HTTP 502");
  await expect(error).toContainText(/Request id req_/);
  await stack.upstream.clearFaults();
  await page.getByTestId("retry").click();
  await new BatchDetailPage(page).expectStatus("in_progress");
  recordFigure("500 on every try: HTTP 502 with the request id; Retry recovers");
});

test("[fault] connection refused (the API is down): the list says it is unreachable over the last data, and comes back by itself", async ({
  browser,
}) => {
  const page = await openPage(browser);
  const list = new BatchesListPage(page);
  await list.goto();
  await expect(list.rows.first()).toBeVisible();
  await stack.stopUpstream();
  try {
    const warning = page.getByTestId("refresh-warning");
    await expect(warning).toBeVisible({ timeout: 30_000 });
    await expect(warning).toContainText(/unreachable/i);
    await expect(list.rows.first()).toBeVisible();
  } finally {
    await stack.startUpstream();
  }
  await expect(page.getByTestId("refresh-warning")).toBeHidden({ timeout: 45_000 });
  recordFigure(
    "connection refused: 'unreachable' over the last data, recovered by itself when the API returned",
  );
});

test("[fault] headers that never come: after the 30 s read timeout the page says the API did not answer in time, then carries on", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const page = await openPage(browser);
  const detail = new BatchDetailPage(page);
  await detail.goto(running.id);
  await detail.expectStatus("in_progress");
  await stack.upstream.queueFaults({ kind: "hang", times: 1, route: "retrieve" });
  const before = await upstreamCalls("retrieve");
  const warning = page.getByTestId("refresh-warning");
  await expect(warning).toBeVisible({ timeout: 45_000 });
  await expect(warning).toContainText("did not answer in time");
  // One hung call, not retried into a 90 s wait: the next poll is a fresh call.
  expect((await upstreamCalls("retrieve")) - before).toBeLessThanOrEqual(2);
  // The next poll waits as long as the data has been stale (backoff), ~35 s here.
  await expect(warning).toBeHidden({ timeout: 60_000 });
  recordFigure(
    "headers that never come: 'did not answer in time' after 30 s (not retried into 90 s), recovered",
  );
});

test("[stream] the results stream cut mid-way in the viewer: 'Interrupted after N of M', and Resume completes it with every row once", async ({
  browser,
}) => {
  const small = await createBatch(60, "cut");
  await stack.dashboard.call("POST", `/api/batches/${running.id}/cancel`);
  const ended = await waitForEnded(stack.dashboard, small.id, 60_000);
  expect(totalOf(ended.request_counts)).toBe(60);
  const page = await openPage(browser);
  await stack.upstream.queueFaults({ kind: "cut", arg: 25, times: 1, route: "results" });
  await page.goto(`/batches/${ended.id}/results`);
  const interrupted = page.getByTestId("results-interrupted");
  await expect(interrupted).toBeVisible({ timeout: 20_000 });
  await expect(interrupted).toContainText("Interrupted after 25");
  await expect(interrupted).toContainText("60");
  await page.getByTestId("results-resume").click();
  const results = new ResultsPage(page);
  await results.expectComplete(60);
  await expect(results.chip("succeeded")).toHaveAttribute("data-count", "60");
  recordFigure("results cut after 25 of 60 lines: 'Interrupted after 25 of 60', Resume completed 60 rows");
});

test("[fault] the upstream restarts while the batch page watches a running batch: the page carries on, the batch ends whole, nothing is created twice", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const batch = await createBatch(200, "restart");
  const before = (await stack.upstream.stats()).batches;
  const page = await openPage(browser);
  const detail = new BatchDetailPage(page);
  await detail.goto(batch.id);
  await detail.expectStatus("in_progress");
  await stack.stopUpstream();
  await sleep(2_000);
  await stack.startUpstream();
  await detail.expectStatus("ended", 90_000);
  await expect(detail.count("succeeded")).toContainText("200");
  const ended = await stack.upstream.retrieve(batch.id);
  expect(ended.request_counts.succeeded).toBe(200);
  expect((await stack.upstream.stats()).batches).toBe(before);
  recordFigure("upstream restart under a watched batch: the page carried on to 'ended', 200 of 200 results");
});

test("[fault] a create through the form meets 529 then 200: exactly one batch, and the user lands on it", async ({
  browser,
}) => {
  const page = await openPage(browser);
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
  const after = await stack.upstream.stats();
  expect(after.calls.create - before.calls.create).toBe(2);
  expect(after.batches - before.batches).toBe(1);
  const newest = (await stack.upstream.list(1)).data[0];
  expect(page.url()).toContain(newest?.id ?? "no batch");
  recordFigure(
    "create behind 529 then 200: one batch, the user landed on it; journal = upstream after every case",
  );
});
