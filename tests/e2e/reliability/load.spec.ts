// Load (issue 7): 50 browser-like clients polling the list and a running 100,000-request batch for 60 s,
// then 20 concurrent results downloads with one slow reader, against the built standalone dashboard. The
// emulator runs in its own process so that it does not share the load generator's CPU; the dashboard's
// memory is read from /proc. Figures are reported, not timed: only errors, completeness and generous
// memory and coalescing bounds fail the case.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { listApiPath, parseListQuery } from "../../../lib/batches/list-query";
import { DETAIL_POLL_MS, LIST_POLL_MS } from "../../../lib/queries/batches";
import { type EmulatorChild, ProcessMonitor, startEmulatorChild } from "../../bench/emulator-child";
import {
  Dashboard,
  freePort,
  json,
  jsonlFile,
  makeCanary,
  ROOT,
  Upstream,
  type WireBatch,
  waitForEnded,
} from "../api/harness";
import { recordFigure } from "./figures";
import { download } from "./load/downloads";
import { type Exchange, percentile, runClient } from "./load/polling-clients";

const CLIENTS = 50;
const POLL_FOR_MS = 60_000;
const RUNNING_REQUESTS = 100_000;
const DOWNLOADS = 20;
const DOWNLOAD_REQUESTS = 20_000;
/** The slow reader takes ~1 MB/s, about thirty times slower than the others here. */
const SLOW_BYTES_PER_SECOND = 1_000_000;
/** Generous: the standalone server idles at ~100 MB; a leak or a buffered download would pass this. */
const MAX_SERVER_RSS_MIB = 600;

const MIB = 1024 * 1024;

let apiKey: string;
let emulatorDir: string;
let emulatorPort: number;
let emulator: EmulatorChild;
let dashboard: Dashboard;
let running: WireBatch;
let ended: WireBatch;
let monitor: ProcessMonitor;
/** The emulator from the test's side; its URL outlives the restart. */
let upstream: Upstream;

/** Emulator settings: as fast as it goes to finish the download batch, then a slower clock. */
function emulatorEnv(rate: string): Record<string, string> {
  return {
    EMULATOR_DATA_DIR: emulatorDir,
    EMULATOR_API_KEY: apiKey,
    EMULATOR_RATE: rate,
    EMULATOR_LATENCY_MS: "0",
    EMULATOR_CONCURRENCY: "256",
  };
}

async function createThroughDashboard(requests: number, prefix: string): Promise<WireBatch> {
  const reply = await dashboard.upload(jsonlFile(requests, prefix));
  expect(reply.status, reply.text.slice(0, 300)).toBe(200);
  return json<WireBatch>(reply);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  apiKey = makeCanary("LOAD");
  emulatorDir = mkdtempSync(join(tmpdir(), "batchboard-load-emu-"));
  emulatorPort = await freePort();
  emulator = await startEmulatorChild(ROOT, emulatorEnv("max"), emulatorPort);
  dashboard = await Dashboard.start({ upstreamUrl: emulator.url, apiKey });
  ended = await waitForEnded(dashboard, (await createThroughDashboard(DOWNLOAD_REQUESTS, "dl")).id, 120_000);
  // The same emulator (same port, same data) restarted with a slower clock: the 100,000-request batch
  // then runs for longer than the polling lasts, as a real one would.
  await emulator.stop();
  emulator = await startEmulatorChild(ROOT, emulatorEnv("1000"), emulatorPort);
  upstream = new Upstream(emulator, apiKey);
  running = await createThroughDashboard(RUNNING_REQUESTS, "load");
  monitor = new ProcessMonitor(dashboard.pid);
  monitor.start();
});

test.afterAll(async () => {
  monitor?.stop();
  await dashboard?.stop();
  await emulator?.stop();
  if (emulatorDir) rmSync(emulatorDir, { recursive: true, force: true });
});

function latencyFigure(label: string, exchanges: readonly Exchange[]): string {
  const sorted = exchanges.map((exchange) => exchange.ms).sort((a, b) => a - b);
  const errors = exchanges.filter((exchange) => !exchange.ok).length;
  return `${label}: ${exchanges.length} served, ${errors} errors, p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms`;
}

test(`[load] ${CLIENTS} browser-like clients poll the list and a running ${RUNNING_REQUESTS.toLocaleString("en-US")}-request batch for ${POLL_FOR_MS / 1000} s`, async () => {
  test.setTimeout(POLL_FOR_MS + 60_000);
  const listPlan = {
    page: "/batches",
    poll: listApiPath(parseListQuery(new URLSearchParams())),
    intervalMs: LIST_POLL_MS,
  };
  const detailPlan = {
    page: `/batches/${running.id}`,
    poll: `/api/batches/${running.id}`,
    intervalMs: DETAIL_POLL_MS,
  };
  const before = await upstream.stats();
  monitor.begin("polling");
  const deadline = performance.now() + POLL_FOR_MS;
  const perClient = await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) =>
      runClient(dashboard.origin, i % 2 ? detailPlan : listPlan, deadline),
    ),
  );
  const memory = monitor.end();
  const after = await upstream.stats();

  const exchanges = perClient.flat();
  const polls = exchanges.filter((exchange) => exchange.kind === "poll");
  const listPolls = perClient
    .filter((_, i) => i % 2 === 0)
    .flat()
    .filter((e) => e.kind === "poll").length;
  const detailPolls = polls.length - listPolls;
  const upstreamLists = after.calls.list - before.calls.list;
  const upstreamRetrieves = after.calls.retrieve - before.calls.retrieve;
  const perPoll = (upstreamLists + upstreamRetrieves) / exchanges.length;

  recordFigure(
    latencyFigure(`polling, ${CLIENTS} clients × ${POLL_FOR_MS / 1000} s (pages + polls)`, exchanges),
  );
  recordFigure(latencyFigure("  of which API polls", polls));
  recordFigure(
    `upstream calls per client request: ${perPoll.toFixed(3)} (list ${upstreamLists} for ${listPolls} list polls, ` +
      `retrieve ${upstreamRetrieves} for ${detailPolls} detail polls + ${CLIENTS} page loads)`,
  );
  recordFigure(
    `dashboard RSS while polling: ${memory.before.toFixed(0)} → peak ${memory.peak.toFixed(0)} MiB`,
  );

  const progress = await dashboard.get(`/api/batches/${running.id}`);
  expect(json<WireBatch>(progress).processing_status, "the batch ran all along").toBe("in_progress");
  expect(exchanges.filter((exchange) => !exchange.ok)).toEqual([]);
  // Every client kept polling at its interval for the whole minute.
  expect(polls.length).toBeGreaterThan(
    0.8 * (CLIENTS / 2) * (POLL_FOR_MS / LIST_POLL_MS + POLL_FOR_MS / DETAIL_POLL_MS),
  );
  // Identical reads are shared, not multiplied: far fewer upstream calls than client requests.
  expect(perPoll).toBeLessThan(0.5);
  expect(memory.peak).toBeLessThan(MAX_SERVER_RSS_MIB);
});

test(`[load] ${DOWNLOADS} concurrent results downloads, one of them reading slowly`, async () => {
  test.setTimeout(180_000);
  const direct = await download(`${emulator.url}/v1/messages/batches/${ended.id}/results`, {
    "x-api-key": apiKey,
    "anthropic-version": "2023-06-01",
  });
  expect(direct.status).toBe(200);
  const alone = await download(`${dashboard.origin}/api/batches/${ended.id}/results`);
  expect(alone.sha256).toBe(direct.sha256);

  monitor.begin("downloads");
  const url = `${dashboard.origin}/api/batches/${ended.id}/results`;
  const slow = download(url, {}, SLOW_BYTES_PER_SECOND);
  let slowDone = false;
  void slow.then(() => {
    slowDone = true;
  });
  const fast = await Promise.all(Array.from({ length: DOWNLOADS - 1 }, () => download(url)));
  const fastFinishedFirst = !slowDone;
  const slowRead = await slow;
  const memory = monitor.end();

  const sizeMib = direct.bytes / MIB;
  const fastTimes = fast.map((one) => one.ms).sort((a, b) => a - b);
  recordFigure(
    `downloads: ${DOWNLOADS} × ${sizeMib.toFixed(1)} MiB (${DOWNLOAD_REQUESTS.toLocaleString("en-US")} results), ` +
      `${[...fast, slowRead].filter((one) => one.error || one.sha256 !== direct.sha256).length} errors or mismatches`,
  );
  recordFigure(
    `  ${DOWNLOADS - 1} at full speed: ${(fastTimes[0] ?? 0).toFixed(0)}–${(fastTimes.at(-1) ?? 0).toFixed(0)} ms ` +
      `(one alone through the dashboard ${alone.ms.toFixed(0)} ms, straight from the upstream ${direct.ms.toFixed(0)} ms)`,
  );
  recordFigure(
    `  the slow reader (${SLOW_BYTES_PER_SECOND / 1e6} MB/s): ${(slowRead.ms / 1000).toFixed(1)} s, complete`,
  );
  recordFigure(
    `dashboard RSS during downloads: ${memory.before.toFixed(0)} → peak ${memory.peak.toFixed(0)} MiB`,
  );

  for (const one of [...fast, slowRead]) {
    expect(one.error).toBeUndefined();
    expect(one.status).toBe(200);
    expect(one.sha256).toBe(direct.sha256);
  }
  expect(fastFinishedFirst, "the fast downloads finished while the slow one was still reading").toBe(true);
  expect(memory.peak).toBeLessThan(MAX_SERVER_RSS_MIB);
});
