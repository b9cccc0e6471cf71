// Durability (issue 7): the dashboard killed (SIGKILL) during an upload, while a create's answer is on its
// way, and during a download; the emulator killed mid-batch. After each restart, every batch and result is
// intact, no partial or second batch exists, and no spool file is left behind.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { expect, test } from "@playwright/test";
import { type EmulatorChild, startEmulatorChild } from "../../bench/emulator-child";
import {
  Dashboard,
  errorOf,
  freePort,
  json,
  jsonlFile,
  makeCanary,
  ROOT,
  sleep,
  totalOf,
  Upstream,
  type WireBatch,
  waitForEnded,
} from "../api/harness";
import { recordFigure } from "./figures";
import { download } from "./load/downloads";

let apiKey: string;
let emulatorDir: string;
let emulatorPort: number;
let emulator: EmulatorChild;
let dashboardPort: number;
let dashboardDir: string;
let dashboard: Dashboard;
/** The emulator from the test's side; its URL outlives each emulator process. */
let upstream: Upstream;
const kills = { dashboard: [] as string[], emulator: [] as string[] };

const emulatorUrl = () => `http://127.0.0.1:${emulatorPort}`;

function startUpstream(): Promise<EmulatorChild> {
  return startEmulatorChild(
    ROOT,
    {
      EMULATOR_DATA_DIR: emulatorDir,
      EMULATOR_API_KEY: apiKey,
      // 20,000 requests take ~5 s: long enough to kill the emulator in the middle of one.
      EMULATOR_RATE: "4000",
      EMULATOR_LATENCY_MS: "0",
      EMULATOR_CONCURRENCY: "256",
    },
    emulatorPort,
  );
}

function startDashboard(): Promise<Dashboard> {
  return Dashboard.start({
    upstreamUrl: emulatorUrl(),
    apiKey,
    port: dashboardPort,
    dataDir: dashboardDir,
  });
}

/** A crash and a restart on the same port and data directory. */
async function crashAndRestartDashboard(moment: string): Promise<void> {
  await dashboard.kill();
  kills.dashboard.push(moment);
  dashboard = await startDashboard();
}

const spoolFiles = () => {
  const dir = join(dashboardDir, "spool");
  return existsSync(dir) ? readdirSync(dir) : [];
};

/** The custom_ids of a batch's results as the emulator holds them, each line parsed. */
async function resultIds(id: string): Promise<string[]> {
  const response = await fetch(`${emulatorUrl()}/v1/messages/batches/${id}/results`, {
    headers: { "x-api-key": apiKey, "anthropic-version": "2023-06-01" },
  });
  const text = await response.text();
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { custom_id: string }).custom_id);
}

/** Every request of the file has exactly one result: nothing lost, nothing twice. */
async function expectWholeResults(batch: WireBatch, requests: number, prefix: string): Promise<void> {
  expect(totalOf(batch.request_counts)).toBe(requests);
  const ids = await resultIds(batch.id);
  expect(ids).toHaveLength(requests);
  const unique = new Set(ids);
  expect(unique.size, "custom_ids answered twice").toBe(requests);
  const missing = Array.from({ length: requests }, (_, i) => `${prefix}-${i + 1}`).filter(
    (id) => !unique.has(id),
  );
  expect(missing, "requests without a result").toEqual([]);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  apiKey = makeCanary("DURABLE");
  emulatorDir = mkdtempSync(join(tmpdir(), "batchboard-durable-emu-"));
  dashboardDir = mkdtempSync(join(tmpdir(), "batchboard-durable-dash-"));
  [emulatorPort, dashboardPort] = await Promise.all([freePort(), freePort()]);
  emulator = await startUpstream();
  upstream = new Upstream(emulator, apiKey);
  dashboard = await startDashboard();
});

test.afterAll(async () => {
  await dashboard?.stop();
  await emulator?.stop();
  for (const dir of [emulatorDir, dashboardDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  recordFigure(
    `kills: dashboard ×${kills.dashboard.length} (${kills.dashboard.join("; ")}), emulator ×${kills.emulator.length} (${kills.emulator.join("; ")}); ` +
      "every batch intact, none partial or twice, no spool file left (each case asserts it)",
  );
});

test("[durability] the dashboard killed while an upload's body is still arriving: nothing is created; the same upload after the restart makes exactly one batch, and no spool file is left", async () => {
  const file = jsonlFile(5_000, "body");
  const half = file.slice(0, file.length / 2);
  const key = "durability-body-0001";
  const before = await upstream.stats();
  // Half the file, then the sender goes quiet: the server is mid-body when it dies.
  const body = new Readable({ read() {} });
  body.push(half);
  const sending = dashboard.upload(body, { headers: { "idempotency-key": key } }).then(
    (reply) => `answered ${reply.status}`,
    (error: Error) => `failed: ${error.message}`,
  );
  await waitFor("the upload to reach the spool", async () => spoolFiles().length > 0);
  await crashAndRestartDashboard("upload body arriving");
  expect(await sending).toMatch(/^failed/);
  body.destroy();
  expect((await upstream.stats()).batches, "batches after the crash").toBe(before.batches);
  expect(spoolFiles(), "the crashed upload's spool file is still there until the next upload").toHaveLength(
    1,
  );

  const retry = await dashboard.upload(file, { headers: { "idempotency-key": key } });
  expect(retry.status, retry.text.slice(0, 300)).toBe(200);
  const batch = json<WireBatch>(retry);
  expect((await upstream.stats()).batches).toBe(before.batches + 1);
  expect(totalOf(batch.request_counts)).toBe(5_000);
  expect(spoolFiles(), "spool files left after the next upload").toEqual([]);
});

test("[durability] the dashboard killed after the upstream created the batch but before its answer came back: the retry finds that batch instead of making a second", async () => {
  const file = jsonlFile(3_001, "lost");
  const key = "durability-lost-answer-0001";
  const before = await upstream.stats();
  // The emulator creates the batch, then never answers: the dashboard is waiting when it dies.
  await upstream.queueFaults({ kind: "hang", route: "create" });
  const sending = dashboard.upload(file, { headers: { "idempotency-key": key } }).then(
    (reply) => `answered ${reply.status}`,
    (error: Error) => `failed: ${error.message}`,
  );
  await waitFor(
    "the upstream to create the batch",
    async () => (await upstream.stats()).batches > before.batches,
  );
  const created = (await upstream.list()).data[0];
  await crashAndRestartDashboard("create sent, answer pending");
  expect(await sending).toMatch(/^failed/);

  const retry = await dashboard.upload(file, { headers: { "idempotency-key": key } });
  expect(retry.status, retry.text.slice(0, 300)).toBe(200);
  expect(json<WireBatch>(retry).id, "the retry adopted the batch the crashed create made").toBe(created?.id);
  expect((await upstream.stats()).batches, "no second batch").toBe(before.batches + 1);
  // A third submit of the same key is a plain replay.
  const again = await dashboard.upload(file, { headers: { "idempotency-key": key } });
  expect(again.headers["idempotent-replayed"]).toBe("true");
  expect(json<WireBatch>(again).id).toBe(created?.id);
  const ended = await waitForEnded(dashboard, created?.id ?? "", 60_000);
  await expectWholeResults(ended, 3_001, "lost");
  expect(spoolFiles()).toEqual([]);
});

test("[durability] the dashboard killed mid-download: the read fails, never a clean short file; after the restart the same download arrives whole", async () => {
  const created = await dashboard.upload(jsonlFile(20_000, "dl"));
  expect(created.status).toBe(200);
  const batch = await waitForEnded(dashboard, json<WireBatch>(created).id, 60_000);
  const whole = await download(`${emulatorUrl()}/v1/messages/batches/${batch.id}/results`, {
    "x-api-key": apiKey,
    "anthropic-version": "2023-06-01",
  });

  const { first, rest } = await dashboard.firstChunk(`/api/batches/${batch.id}/results`);
  // The reader pauses so that most of the ~11 MB is still on the server's side when it dies.
  await sleep(300);
  await crashAndRestartDashboard("results download under way");
  let received = first.length;
  let failure: unknown;
  try {
    for (let next = await rest.next(); !next.done; next = await rest.next()) received += next.value.length;
  } catch (error) {
    failure = error;
  }
  expect(failure, `a clean end after ${received} of ${whole.bytes} bytes`).toBeDefined();
  expect(received).toBeLessThan(whole.bytes);

  const again = await download(`${dashboard.origin}/api/batches/${batch.id}/results`);
  expect(again.error).toBeUndefined();
  expect(again.sha256).toBe(whole.sha256);
});

test("[durability] the emulator killed mid-batch: the dashboard says the API is unreachable, recovers when it is back, and the batch ends with every result exactly once", async () => {
  const before = (await upstream.list()).data;
  const created = await dashboard.upload(jsonlFile(20_000, "crash"));
  expect(created.status).toBe(200);
  const id = json<WireBatch>(created).id;
  let midway: WireBatch | undefined;
  await waitFor("the batch to be part-way", async () => {
    midway = await upstream.retrieve(id);
    return midway.request_counts.succeeded > 0;
  });
  process.kill(emulator.pid, "SIGKILL");
  await emulator.stop();
  kills.emulator.push("20,000-request batch part-way");
  expect(midway?.request_counts.processing, "killed before the batch ended").toBeGreaterThan(0);

  // Past the second for which the dashboard shares an answer, so this read goes upstream.
  await sleep(1_100);
  const down = await dashboard.get(`/api/batches/${id}`);
  expect(down.status).toBe(502);
  expect(errorOf(down).code).toBe("upstream_unavailable");
  expect(down.ms).toBeLessThan(5_000);

  emulator = await startUpstream();
  const ended = await waitForEnded(dashboard, id, 60_000);
  expect(ended.request_counts.succeeded).toBe(20_000);
  await expectWholeResults(ended, 20_000, "crash");
  const after = (await upstream.list()).data;
  expect(after.map((batch) => batch.id)).toEqual([id, ...before.map((batch) => batch.id)]);
});
