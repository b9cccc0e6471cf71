/**
 * `npm run bench:proxy`: the dashboard's proxy routes (the production standalone server, a child process)
 * against calling the Batches API emulator (another child) directly, side by side in one run, each figure
 * beside its baseline and the goal from docs/performance.md:
 *
 *   1. setup: ~20 small batches created directly, left to end;
 *   2. list/retrieve latency, 300 sequential calls each, direct and proxy interleaved: median ≤ 1.1× direct;
 *   3. create of 100,000 requests (~245 MB of JSONL): ≤ 1.5× a Node validate-and-forward baseline run in
 *      this process (BatchFileValidator → spool file → undici stream upstream), with the server's RSS
 *      growth ≤ 150 MB;
 *   4. results of that batch streamed direct and through the proxy: ≥ 90% of direct throughput.
 *
 * Timings never fail the run (the machine is shared and noisy; compare ratios within one run). Only
 * functional faults do: a non-2xx answer, a wrong request or result count, a proxy answer that differs
 * from the upstream's. Children and temp files are removed on every exit, Ctrl-C included.
 */
import { createReadStream, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Agent, request } from "undici";
import { MAX_BODY_BYTES } from "../../lib/batch-file/limits";
import {
  BenchFailure,
  int,
  log,
  mb,
  mbps,
  mibToMb,
  msText,
  type Report,
  seconds,
  times,
} from "./bench-report";
import {
  type Answer,
  API_KEY,
  asBatch,
  type Batch,
  call,
  DIRECT_HEADERS,
  gc,
  LONG_TIMEOUT_MS,
  parseJson,
  ROOT,
  runBench,
  type ServerChild,
  type Session,
  startServerChild,
  totalOf,
  validateAndForward,
} from "./dashboard-harness";
import { ProcessMonitor, startEmulatorChild } from "./emulator-child";
import { generateBatch } from "./request-batch";
import { writeRequestFile } from "./request-file";

const SEED = 2026;
const REQUEST_COUNT = 100_000;
const SMALL_BATCHES = 20;
const WARMUP_CALLS = 30;
const LATENCY_CALLS = 300;
const LIST_LIMIT = 20;
const POLL_INTERVAL_MS = 200;
const SMALL_BATCH_TIMEOUT_MS = 60_000;
const BIG_BATCH_TIMEOUT_MS = 300_000;
/** A batch whose counts have not moved for this long is stuck; say so instead of waiting out the timeout. */
const STALL_MS = 30_000;

const GOAL_LATENCY_RATIO = 1.1;
const GOAL_CREATE_RATIO = 1.5;
const GOAL_CREATE_RSS_MB = 150;
const GOAL_RESULTS_SHARE = 0.9;

/* ------------------------------------------------------------------------------------------------ */
/* Measuring                                                                                         */
/* ------------------------------------------------------------------------------------------------ */

/** Nearest-rank percentile. */
function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

const median = (values: readonly number[]) => percentile(values, 0.5);

/** utime + stime of a process from `/proc/<pid>/stat` (fields after the `)` that ends the name), in ms. */
function cpuMsOf(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // Linux counts in clock ticks; USER_HZ is 100 on every mainstream architecture.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** The two ends of every comparison. */
interface Targets {
  emulatorUrl: string;
  proxyUrl: string;
  direct: Agent;
  proxy: Agent;
}

async function retrieveDirect(t: Targets, id: string): Promise<Batch> {
  const answer = await call("retrieve (direct)", `${t.emulatorUrl}/v1/messages/batches/${id}`, t.direct, {
    headers: DIRECT_HEADERS,
  });
  return asBatch(parseJson("retrieve (direct)", answer.text), "retrieve (direct)");
}

/** Polls directly until the batch has ended; throws if it stalls or outlasts `timeoutMs`. */
async function waitForEnded(
  t: Targets,
  id: string,
  timeoutMs: number,
): Promise<{ batch: Batch; ms: number }> {
  const start = Date.now();
  let lastProcessing = Number.POSITIVE_INFINITY;
  let lastProgress = start;
  for (;;) {
    const batch = await retrieveDirect(t, id);
    const now = Date.now();
    if (batch.processing_status === "ended") return { batch, ms: now - start };
    const counts = JSON.stringify(batch.request_counts);
    if (batch.request_counts.processing < lastProcessing) {
      lastProcessing = batch.request_counts.processing;
      lastProgress = now;
    } else if (now - lastProgress > STALL_MS) {
      throw new BenchFailure(`batch ${id} stalled: no progress for ${msText(now - lastProgress)}, ${counts}`);
    }
    if (now - start > timeoutMs) {
      throw new BenchFailure(`batch ${id} not ended after ${msText(timeoutMs)}, ${counts}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* Phases                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

interface Context extends Targets {
  report: Report;
  server: ServerChild;
  emulatorPid: number;
  monitor: ProcessMonitor;
  tempDir: string;
}

async function phase<T>(ctx: Context, name: string, fn: () => Promise<T>): Promise<T> {
  ctx.monitor.begin(name);
  try {
    return await fn();
  } finally {
    ctx.monitor.end();
  }
}

/** Phase 1: small batches, created directly, ended before anything is measured. Returns their ids. */
async function setupPhase(ctx: Context): Promise<string[]> {
  log(`phase 1: creating ${SMALL_BATCHES} small batches directly`);
  const ids: string[] = [];
  for (let i = 0; i < SMALL_BATCHES; i++) {
    const { requests } = generateBatch(3 + ((i * 7) % 40), SEED + 1 + i);
    const answer = await call("small create (direct)", `${ctx.emulatorUrl}/v1/messages/batches`, ctx.direct, {
      method: "POST",
      headers: { ...DIRECT_HEADERS, "content-type": "application/json" },
      body: JSON.stringify({ requests }),
    });
    const batch = asBatch(parseJson("small create (direct)", answer.text), "small create (direct)");
    if (totalOf(batch.request_counts) !== requests.length) {
      throw new BenchFailure(
        `small create: ${totalOf(batch.request_counts)} requests, sent ${requests.length}`,
      );
    }
    ids.push(batch.id);
  }
  for (const id of ids) await waitForEnded(ctx, id, SMALL_BATCH_TIMEOUT_MS);
  ctx.report.check(true, `${SMALL_BATCHES} small batches created directly`, "all ended", "setup for phase 2");
  return ids;
}

interface Sample {
  direct: number[];
  proxy: number[];
}

/** Phase 2: sequential retrieves and lists, direct and proxy alternating which goes first. */
async function latencyPhase(ctx: Context, id: string): Promise<void> {
  log(
    `phase 2: ${WARMUP_CALLS} warm-up calls, then ${LATENCY_CALLS} retrieves + ${LATENCY_CALLS} lists per path`,
  );
  const retrieveDirectUrl = `${ctx.emulatorUrl}/v1/messages/batches/${id}`;
  const retrieveProxyUrl = `${ctx.proxyUrl}/api/batches/${id}`;
  const listDirectUrl = `${ctx.emulatorUrl}/v1/messages/batches?limit=${LIST_LIMIT}`;
  const listProxyUrl = `${ctx.proxyUrl}/api/batches?limit=${LIST_LIMIT}`;
  type Kind = "retrieve" | "list";
  const calls: Record<Kind, { direct: () => Promise<Answer>; proxy: () => Promise<Answer> }> = {
    retrieve: {
      direct: () => call("retrieve (direct)", retrieveDirectUrl, ctx.direct, { headers: DIRECT_HEADERS }),
      proxy: () => call("retrieve (proxy)", retrieveProxyUrl, ctx.proxy),
    },
    list: {
      direct: () => call("list (direct)", listDirectUrl, ctx.direct, { headers: DIRECT_HEADERS }),
      proxy: () => call("list (proxy)", listProxyUrl, ctx.proxy),
    },
  };
  const samples: Record<Kind, Sample> = {
    retrieve: { direct: [], proxy: [] },
    list: { direct: [], proxy: [] },
  };
  const last: Partial<Record<`${Kind}:${"direct" | "proxy"}`, string>> = {};
  // Context: a dashboard route that runs the same guard and answers JSON without any upstream call, i.e.
  // the part of the proxy's overhead that is Next's own request handling.
  const floorUrl = `${ctx.proxyUrl}/api/auth/session`;
  const floor: number[] = [];

  await phase(ctx, "latency", async () => {
    for (let i = 0; i < WARMUP_CALLS + LATENCY_CALLS; i++) {
      const measured = i >= WARMUP_CALLS;
      const order: ("direct" | "proxy")[] = i % 2 === 0 ? ["direct", "proxy"] : ["proxy", "direct"];
      for (const kind of ["retrieve", "list"] as const) {
        for (const path of order) {
          const answer = await calls[kind][path]();
          if (measured) samples[kind][path].push(answer.ms);
          last[`${kind}:${path}`] = answer.text;
        }
      }
      const answer = await call("session (proxy, no upstream)", floorUrl, ctx.proxy);
      if (measured) floor.push(answer.ms);
    }
  });
  const latencyStats = ctx.monitor.phases.at(-1);

  // The proxy must answer what the upstream answered (results_url is rewritten to the dashboard's route).
  const directBatch = asBatch(
    parseJson("retrieve (direct)", last["retrieve:direct"] ?? ""),
    "retrieve (direct)",
  );
  const proxyBatch = asBatch(parseJson("retrieve (proxy)", last["retrieve:proxy"] ?? ""), "retrieve (proxy)");
  ctx.report.check(
    proxyBatch.id === id &&
      JSON.stringify(proxyBatch.request_counts) === JSON.stringify(directBatch.request_counts),
    "retrieve: proxy answer = direct answer",
    `id ${proxyBatch.id === id ? "same" : proxyBatch.id}, request_counts ${JSON.stringify(proxyBatch.request_counts) === JSON.stringify(directBatch.request_counts) ? "same" : "differ"}`,
    "same id and request_counts",
  );
  const ids = (text: string | undefined, what: string) => {
    const data = (parseJson(what, text ?? "") as { data?: unknown }).data;
    if (!Array.isArray(data)) throw new BenchFailure(`${what}: no data array`);
    return data.map((item) => asBatch(item, what).id);
  };
  const directIds = ids(last["list:direct"], "list (direct)");
  const proxyIds = ids(last["list:proxy"], "list (proxy)");
  ctx.report.check(
    directIds.length === LIST_LIMIT && directIds.join() === proxyIds.join(),
    `list limit=${LIST_LIMIT}: proxy ids = direct ids`,
    `${proxyIds.length} / ${directIds.length} items, ${directIds.join() === proxyIds.join() ? "same order" : "DIFFERENT"}`,
    `${LIST_LIMIT} items, same ids in the same order`,
  );

  for (const kind of ["retrieve", "list"] as const) {
    const { direct, proxy } = samples[kind];
    const label = kind === "retrieve" ? "retrieve /:id" : `list ?limit=${LIST_LIMIT}`;
    const [directMedian, proxyMedian] = [median(direct), median(proxy)];
    const ratio = proxyMedian / directMedian;
    ctx.report.row({
      verdict: ratio <= GOAL_LATENCY_RATIO ? "ok" : "MISSED",
      figure: `${label}, median`,
      measured: msText(proxyMedian),
      base: msText(directMedian),
      ratio: times(ratio),
      goal: `≤ ${times(GOAL_LATENCY_RATIO)} direct · proxy adds ${msText(proxyMedian - directMedian)} a call`,
    });
    const [directP99, proxyP99] = [percentile(direct, 0.99), percentile(proxy, 0.99)];
    ctx.report.row({
      figure: `${label}, p99`,
      measured: msText(proxyP99),
      base: msText(directP99),
      ratio: times(proxyP99 / directP99),
      goal: `no goal · max ${msText(Math.max(...proxy))} proxy, ${msText(Math.max(...direct))} direct`,
    });
  }
  const proxyCalls = (WARMUP_CALLS + LATENCY_CALLS) * 3;
  ctx.report.row({
    figure: "  context: GET /api/auth/session",
    measured: msText(median(floor)),
    base: msText(median(samples.retrieve.direct)),
    ratio: times(median(floor) / median(samples.retrieve.direct)),
    goal:
      `no goal · same guard, JSON answer, no upstream call (Next's own share); p99 ${msText(percentile(floor, 0.99))}` +
      (latencyStats ? ` · server CPU ${msText(latencyStats.cpuMs / proxyCalls)} per proxied call` : ""),
  });
}

/** Phase 3: the 100k create, baseline first, then through the proxy; returns the proxy-created batch. */
async function createPhase(ctx: Context): Promise<Batch> {
  const file = path.join(ctx.tempDir, "requests-100k.jsonl");
  log(`phase 3: writing ${int(REQUEST_COUNT)} requests as JSONL to ${file}`);
  const { bytes: fileBytes, nonAscii } = await writeRequestFile(file, { count: REQUEST_COUNT, seed: SEED });
  gc?.();
  const { report } = ctx;
  report.row({
    figure: "request file (JSONL)",
    measured: mb(fileBytes),
    goal: `${int(REQUEST_COUNT)} lines, ${int(nonAscii)} with non-ASCII text, seed ${SEED}`,
  });

  log("phase 3: baseline, Node validate-and-forward in this process");
  const baseline = await validateAndForward(ctx, file, REQUEST_COUNT);
  report.check(
    totalOf(baseline.batch.request_counts) === REQUEST_COUNT,
    "create 100k (baseline): requests in the batch",
    int(totalOf(baseline.batch.request_counts)),
    `must be ${int(REQUEST_COUNT)}`,
  );
  report.check(
    baseline.bodyBytes <= MAX_BODY_BYTES,
    "create body within the API limit",
    mb(baseline.bodyBytes),
    `≤ ${mb(MAX_BODY_BYTES)}`,
  );
  // The emulator works through the batch at full speed; let it finish, so it does not compete with the
  // proxy's create for the two cores.
  log(`phase 3: waiting for the baseline batch ${baseline.batch.id} to end`);
  await waitForEnded(ctx, baseline.batch.id, BIG_BATCH_TIMEOUT_MS);
  gc?.();

  log("phase 3: create through the proxy, streamed from disk");
  const size = (await fs.stat(file)).size;
  const upload = createReadStream(file);
  // When the file has been read to its end, the server has taken in (validated and spooled) all but the
  // few socket buffers still in flight: backpressure paces the upload at the server's own speed.
  let uploadedAt = Number.NaN;
  upload.once("end", () => {
    uploadedAt = performance.now();
  });
  const sendAt = performance.now();
  const proxyAnswer = await phase(ctx, "create 100k", () =>
    call("create 100k (proxy)", `${ctx.proxyUrl}/api/batches`, ctx.proxy, {
      method: "POST",
      headers: {
        "content-type": "application/x-ndjson",
        "content-length": String(size),
        "x-dashboard-upload": "1",
        origin: ctx.server.origin,
      },
      body: upload,
    }),
  );
  const uploadMs = uploadedAt - sendAt;
  const stats = ctx.monitor.phases.at(-1);
  const proxyBatch = asBatch(parseJson("create (proxy)", proxyAnswer.text), "create (proxy)");
  report.check(
    totalOf(proxyBatch.request_counts) === REQUEST_COUNT,
    "create 100k (proxy): requests in the batch",
    int(totalOf(proxyBatch.request_counts)),
    `must be ${int(REQUEST_COUNT)}`,
  );

  const ratio = proxyAnswer.ms / baseline.totalMs;
  report.row({
    verdict: ratio <= GOAL_CREATE_RATIO ? "ok" : "MISSED",
    figure: `create ${int(REQUEST_COUNT / 1000)}k, time`,
    measured: seconds(proxyAnswer.ms),
    base: seconds(baseline.totalMs),
    ratio: times(ratio),
    goal: `≤ ${times(GOAL_CREATE_RATIO)} validate-and-forward (${seconds(GOAL_CREATE_RATIO * baseline.totalMs)})`,
  });
  report.row({
    figure: "  throughput (file bytes / time)",
    measured: `${mbps(fileBytes, proxyAnswer.ms).toFixed(0)} MB/s`,
    base: `${mbps(fileBytes, baseline.totalMs).toFixed(0)} MB/s`,
    goal: "no goal",
  });
  report.row({
    figure: "  split: take in the file + after its last byte",
    measured: `${seconds(uploadMs)} + ${seconds(proxyAnswer.ms - uploadMs)}`,
    base: `${seconds(baseline.validateMs)} + ${seconds(baseline.forwardMs)}`,
    goal: "no goal · proxy: upload read by the server, then forward + answer; baseline: validate + spool, then forward",
  });
  if (baseline.emulator) {
    report.row({
      figure: "  emulator's own work after the last byte",
      base: seconds(baseline.emulator.handleMs),
      goal: `no goal · its Server-Timing on the baseline create (in both times); receiving took ${seconds(baseline.emulator.bodyMs)}`,
    });
  }
  if (stats) {
    const growth = mibToMb(stats.peak - stats.before);
    const baselineGrowth = baseline.rssPeakMb - baseline.rssBeforeMb;
    report.row({
      verdict: growth <= GOAL_CREATE_RSS_MB ? "ok" : "MISSED",
      figure: "  server RSS growth (peak − before)",
      measured: `${int(growth)} MB`,
      base: `${int(baselineGrowth)} MB`,
      ratio: "",
      goal: `≤ ${GOAL_CREATE_RSS_MB} MB · baseline = this process while it validated and forwarded`,
    });
    report.row({
      figure: "  server RSS before / peak / after",
      measured: `${int(mibToMb(stats.before))} / ${int(mibToMb(stats.peak))} / ${int(mibToMb(stats.after))} MB`,
      base: `${int(baseline.rssBeforeMb)} / ${int(baseline.rssPeakMb)} MB`,
      goal: `server CPU ${seconds(stats.cpuMs)} over ${seconds(stats.wallMs)}`,
    });
  }
  await fs.rm(file, { force: true });
  return proxyBatch;
}

interface StreamRun {
  path: "direct" | "proxy";
  bytes: number;
  lines: number;
  /** Body chunks as this client received them. */
  chunks: number;
  /** CPU time each process used during the run, in ms. */
  cpu: { client: number; emulator: number; server: number };
  ms: number;
  firstByteMs: number;
  expectedHeader: string | undefined;
}

/** Streams one results body, counting bytes and lines (a last line without "\n" counts too). */
async function streamResults(ctx: Context, id: string, which: "direct" | "proxy"): Promise<StreamRun> {
  const url =
    which === "direct"
      ? `${ctx.emulatorUrl}/v1/messages/batches/${id}/results`
      : `${ctx.proxyUrl}/api/batches/${id}/results`;
  const cpuBefore = {
    client: process.cpuUsage(),
    emulator: cpuMsOf(ctx.emulatorPid),
    server: cpuMsOf(ctx.server.pid),
  };
  const start = performance.now();
  const res = await request(url, {
    headers: which === "direct" ? DIRECT_HEADERS : {},
    dispatcher: which === "direct" ? ctx.direct : ctx.proxy,
    headersTimeout: LONG_TIMEOUT_MS,
    bodyTimeout: LONG_TIMEOUT_MS,
  });
  const firstByteMs = performance.now() - start;
  if (res.statusCode !== 200) {
    throw new BenchFailure(
      `results (${which}): HTTP ${res.statusCode} ${(await res.body.text()).slice(0, 500)}`,
    );
  }
  let bytes = 0;
  let lines = 0;
  let lastByte = 0x0a;
  let chunks = 0;
  for await (const data of res.body) {
    const chunk = data as Buffer;
    chunks += 1;
    bytes += chunk.length;
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines += 1;
    if (chunk.length > 0) lastByte = chunk[chunk.length - 1] ?? lastByte;
  }
  if (lastByte !== 0x0a) lines += 1;
  const ms = performance.now() - start;
  const client = process.cpuUsage(cpuBefore.client);
  const cpu = {
    client: (client.user + client.system) / 1000,
    emulator: cpuMsOf(ctx.emulatorPid) - cpuBefore.emulator,
    server: cpuMsOf(ctx.server.pid) - cpuBefore.server,
  };
  const expected = res.headers["x-results-expected"];
  return {
    path: which,
    bytes,
    lines,
    chunks,
    cpu,
    ms,
    firstByteMs,
    expectedHeader: typeof expected === "string" ? expected : undefined,
  };
}

/** Phase 4: the proxy-created batch's results, direct and through the proxy, twice each, order alternated. */
async function resultsPhase(ctx: Context, created: Batch): Promise<void> {
  log(`phase 4: waiting for ${created.id} to end`);
  const { batch, ms: waitMs } = await waitForEnded(ctx, created.id, BIG_BATCH_TIMEOUT_MS);
  log(`phase 4: ended after ${seconds(waitMs)}; streaming results direct, proxy, proxy, direct`);
  const runs: StreamRun[] = [];
  await phase(ctx, "results ×4", async () => {
    for (const which of ["direct", "proxy", "proxy", "direct"] as const) {
      runs.push(await streamResults(ctx, batch.id, which));
    }
  });
  const { report } = ctx;
  const expectedBytes = runs[0]?.bytes ?? 0;
  for (const [i, run] of runs.entries()) {
    report.check(
      run.lines === REQUEST_COUNT && run.bytes === expectedBytes,
      `results run ${i + 1} (${run.path}): lines, bytes`,
      `${int(run.lines)}, ${int(run.bytes)}`,
      `${int(REQUEST_COUNT)} lines, same bytes every run`,
    );
  }
  const proxyHeader = runs.find((run) => run.path === "proxy")?.expectedHeader;
  report.check(
    proxyHeader === String(REQUEST_COUNT),
    "results (proxy): x-results-expected",
    proxyHeader ?? "missing",
    `must be ${REQUEST_COUNT}`,
  );
  const best = (which: "direct" | "proxy") =>
    Math.max(...runs.filter((run) => run.path === which).map((run) => mbps(run.bytes, run.ms)));
  const all = (which: "direct" | "proxy") =>
    runs
      .filter((run) => run.path === which)
      .map((run) => `${mbps(run.bytes, run.ms).toFixed(0)}`)
      .join(", ");
  const [direct, proxy] = [best("direct"), best("proxy")];
  const share = proxy / direct;
  report.row({
    verdict: share >= GOAL_RESULTS_SHARE ? "ok" : "MISSED",
    figure: `results stream ${mb(expectedBytes)}, best of 2`,
    measured: `${proxy.toFixed(0)} MB/s`,
    base: `${direct.toFixed(0)} MB/s`,
    ratio: times(share),
    goal: `≥ ${times(GOAL_RESULTS_SHARE)} direct · runs MB/s: proxy ${all("proxy")}; direct ${all("direct")}`,
  });
  const firstByte = (which: "direct" | "proxy") =>
    median(runs.filter((run) => run.path === which).map((run) => run.firstByteMs));
  report.row({
    figure: "  time to response headers",
    measured: msText(firstByte("proxy")),
    base: msText(firstByte("direct")),
    goal: "no goal · the proxy retrieves the batch before it opens the upstream stream",
  });
  const chunking = (which: "direct" | "proxy") => {
    const chunks = median(runs.filter((run) => run.path === which).map((run) => run.chunks));
    return `${int(chunks)} × ${int(expectedBytes / chunks / 1024)} KiB`;
  };
  const cpuShare = (which: "direct" | "proxy") => {
    const run = runs.filter((item) => item.path === which).sort((a, b) => a.ms - b.ms)[0];
    if (!run) return "";
    const pct = (ms: number) => `${int((ms / run.ms) * 100)}%`;
    const { client, emulator, server } = run.cpu;
    const sum = client + emulator + (which === "proxy" ? server : 0);
    return `${pct(client)} / ${pct(emulator)} / ${which === "proxy" ? pct(server) : "–"} = ${pct(sum)}`;
  };
  report.row({
    figure: "  CPU during the best run: client / emulator / server",
    measured: cpuShare("proxy"),
    base: cpuShare("direct"),
    goal: `no goal · % of the run's wall time; ${os.cpus().length} cores make ${os.cpus().length * 100}%`,
  });
  report.row({
    figure: "  body chunks received (median run)",
    measured: chunking("proxy"),
    base: chunking("direct"),
    goal: "no goal (context: how the bytes arrive at this client)",
  });
  const stats = ctx.monitor.phases.at(-1);
  if (stats) {
    report.row({
      figure: "  server RSS during the 4 streams",
      measured: `${int(mibToMb(stats.before))} → peak ${int(mibToMb(stats.peak))} MB`,
      goal: "no goal (context)",
    });
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* Main                                                                                              */
/* ------------------------------------------------------------------------------------------------ */

async function run(report: Report, session: Session): Promise<void> {
  const emulatorData = path.join(session.tempDir, "emulator");
  const dashboardData = path.join(session.tempDir, "dashboard");
  await fs.mkdir(emulatorData);
  await fs.mkdir(dashboardData);
  const emulator = await startEmulatorChild(ROOT, {
    EMULATOR_RATE: "max",
    EMULATOR_LATENCY_MS: "0",
    EMULATOR_API_KEY: API_KEY,
    EMULATOR_DATA_DIR: emulatorData,
  });
  session.emulator = emulator;
  log(`emulator pid ${emulator.pid} at ${emulator.url}`);
  const server = await startServerChild(emulator.url, dashboardData);
  session.server = server;
  const monitor = new ProcessMonitor(server.pid);
  session.monitor = monitor;
  monitor.start();
  const direct = new Agent({ keepAliveTimeout: 30_000 });
  const proxy = new Agent({ keepAliveTimeout: 30_000 });
  const ctx: Context = {
    report,
    server,
    monitor,
    tempDir: session.tempDir,
    emulatorUrl: emulator.url,
    emulatorPid: emulator.pid,
    proxyUrl: server.url,
    direct,
    proxy,
  };
  try {
    report.section("Phase 1 — setup");
    const ids = await setupPhase(ctx);
    report.section(
      `Phase 2 — latency: ${LATENCY_CALLS} sequential calls per path, interleaved, after ${WARMUP_CALLS} warm-up`,
    );
    await latencyPhase(ctx, ids[0] ?? "");
    report.section("Phase 3 — create, 100k requests streamed from disk");
    const created = await createPhase(ctx);
    report.section("Phase 4 — results of the proxy-created batch");
    await resultsPhase(ctx, created);
  } finally {
    await Promise.all([direct.close(), proxy.close()]);
  }
}

runBench({
  title: "Proxy benchmark",
  name: "proxy-bench",
  columns: { measured: "proxy", base: "direct / baseline" },
  legend: "Proxy = the standalone server's /api routes; direct = the emulator; ratios are proxy / direct.",
  run,
});
