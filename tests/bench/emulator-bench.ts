/**
 * `npm run bench:emulator`: drives the Batches API emulator (a child process) through a realistic 100k /
 * ~245 MB batch with the official SDK and raw undici, and prints every figure beside the baseline measured
 * in this same run and the goal from docs/performance.md:
 *
 *   - create ≤ 2× Node's `JSON.parse` of the same body;
 *   - results served at ≥ 200 MB/s;
 *   - thousands of concurrent polls without errors.
 *
 * Timings never fail the run (the machine is shared and noisy); only functional faults do: a failed call,
 * a stalled batch, a wrong result count, duplicate or missing custom_ids, errors under concurrency.
 *
 * The emulator runs with EMULATOR_RATE=max unless BENCH_EMULATOR_RATE says otherwise (e.g. 1000000000: as
 * fast in practice, but through the finite-rate token bucket, to tell a `max`-only fault from a general one).
 */
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import Anthropic from "@anthropic-ai/sdk";
import { Agent, request } from "undici";
import { MAX_BODY_BYTES } from "../../lib/emulator/create-body";
import {
  type EmulatorChild,
  type PhaseStats,
  ProcessMonitor,
  printPhaseTable,
  startEmulatorChild,
} from "./emulator-child";
import { type BatchRequest, customIdOf, generateBatch } from "./request-batch";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const REQUEST_COUNT = 100_000;
const SEED = 2026;
const API_KEY = "bench";
const RAW_HEADERS = { "x-api-key": API_KEY, "anthropic-version": "2023-06-01" };
const EMULATOR_RATE = process.env.BENCH_EMULATOR_RATE?.trim() || "max";
const POLL_INTERVAL_MS = 100;
const PROCESSING_TIMEOUT_MS = 120_000;
/** A batch whose counts have not moved for this long is stuck; say so instead of waiting out the timeout. */
const STALL_MS = 10_000;
const RETRIEVE_BURST = 2_000;
const LIST_BURST = 1_000;
const MB = 1e6;

const GOAL_CREATE_RATIO = 2;
const GOAL_RESULTS_MBPS = 200;

type MessageBatch = Anthropic.Messages.MessageBatch;

/** A functional failure found by a check: reported by its message alone, without a stack. */
class BenchFailure extends Error {}

/* ------------------------------------------------------------------------------------------------ */
/* Formatting and the report                                                                         */
/* ------------------------------------------------------------------------------------------------ */

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => `${int(n)} ms`;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const mbps = (bytes: number, millis: number) => `${int(bytes / MB / (millis / 1000))} MB/s`;
const perSecond = (count: number, millis: number) => int(count / (millis / 1000));
const ratio = (n: number) => `${n.toFixed(2)}×`;
const log = (message: string) => console.log(`… ${message}`);

/** `ok`/`MISSED` for timing goals (never fatal), `FAIL` for functional faults (exit code 1). */
type Verdict = "ok" | "MISSED" | "FAIL" | "";

interface Row {
  figure: string;
  measured: string;
  reference: string;
  verdict: Verdict;
}

class Report {
  readonly rows: Row[] = [];
  readonly failures: string[] = [];

  add(figure: string, measured: string, reference = "", verdict: Verdict = ""): void {
    this.rows.push({ figure, measured, reference, verdict });
  }

  /** A functional check: adds the row, and a failure when it does not hold. */
  check(ok: boolean, figure: string, measured: string, reference: string): void {
    this.add(figure, measured, reference, ok ? "ok" : "FAIL");
    if (!ok) this.failures.push(`${figure}: ${measured} (${reference})`);
  }

  fail(message: string): void {
    this.failures.push(message);
  }

  print(): void {
    const width = (key: "figure" | "measured") => Math.max(...this.rows.map((row) => row[key].length));
    const [figureWidth, measuredWidth] = [width("figure"), width("measured")];
    for (const row of this.rows) {
      const verdict = row.verdict ? `[${row.verdict}]`.padEnd(9) : " ".repeat(9);
      console.log(
        `${verdict}${row.figure.padEnd(figureWidth)}  ${row.measured.padEnd(measuredWidth)}  ${row.reference}`,
      );
    }
  }
}

function printPhases(phases: readonly PhaseStats[], peak: { mib: number; exact: boolean }): void {
  const mib = (n: number) => `${int(n)} MiB`;
  printPhaseTable("Emulator process by phase", phases, { ms, rss: mib });
  const how = peak.exact ? "VmHWM reset per phase + VmRSS every 50 ms" : "VmRSS sampled every 50 ms only";
  console.log(`Emulator peak RSS over the run: ${mib(peak.mib)} (${how})`);
}

/* ------------------------------------------------------------------------------------------------ */
/* Measuring                                                                                         */
/* ------------------------------------------------------------------------------------------------ */

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Nearest-rank percentile of latencies already sorted ascending. */
function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

interface Baseline {
  bodyBytes: number;
  stringifyMs: number;
  parseMs: number;
  /** The same parse in a worker thread, whose V8 heap holds nothing else (undefined if the worker failed). */
  freshParseMs: number | undefined;
}

/** Plain JS run with `eval`, so the worker needs no TypeScript loader. Only `JSON.parse` is timed. */
const PARSE_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const text = new TextDecoder("utf-8", { fatal: true }).decode(workerData);
const times = [];
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  JSON.parse(text);
  times.push(performance.now() - start);
}
parentPort.postMessage(times);
`;

/**
 * This process parses with ~1 GB of request objects live on its heap, which makes its GC slower than the
 * emulator's, whose heap is nearly empty when a create arrives. A worker has a heap of its own: its figure
 * shows how much of the same-process baseline is that overhead.
 */
async function parseInFreshHeap(body: Buffer): Promise<number | undefined> {
  const worker = new Worker(PARSE_WORKER, { eval: true, workerData: body });
  try {
    const times = await new Promise<number[]>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    return median(times);
  } catch {
    return undefined;
  } finally {
    await worker.terminate();
  }
}

/** What a Node server must at least do with this body: the yardstick the create goal is written against. */
async function measureBaseline(requests: readonly BatchRequest[]): Promise<Baseline> {
  const stringifyTimes: number[] = [];
  let body = "";
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    body = JSON.stringify({ requests });
    stringifyTimes.push(performance.now() - start);
  }
  const parseTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    JSON.parse(body);
    parseTimes.push(performance.now() - start);
  }
  const bytes = Buffer.from(body);
  return {
    bodyBytes: bytes.length,
    stringifyMs: median(stringifyTimes),
    parseMs: median(parseTimes),
    freshParseMs: await parseInFreshHeap(bytes),
  };
}

/**
 * Counts bytes and lines of a JSONL stream and collects each line's custom_id from its head
 * (`{"custom_id":"…"`), without decoding or parsing the rest, so the count costs little of the throughput.
 */
class JsonlScanner {
  bytes = 0;
  lines = 0;
  malformed = 0;
  readonly ids = new Set<string>();
  duplicates = 0;
  /** The start of the current line while its custom_id is not complete yet (it may span chunks). */
  private head = "";
  private needHead = true;
  private static readonly HEAD = /^\{"custom_id":"([^"]*)"/;
  private static readonly HEAD_MAX = 96;

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      if (this.needHead) this.readHead(chunk, start, end);
      if (newline === -1) return;
      this.endLine();
      start = newline + 1;
    }
  }

  /** Call at the end of the stream: a last line without its newline still counts (and is flagged). */
  finish(): void {
    if (this.head !== "" || !this.needHead) {
      this.malformed += 1;
      this.endLine();
    }
  }

  private readHead(chunk: Buffer, start: number, end: number): void {
    const take = Math.min(end, start + JsonlScanner.HEAD_MAX - this.head.length);
    this.head += chunk.toString("latin1", start, take);
    const id = JsonlScanner.HEAD.exec(this.head)?.[1];
    if (id !== undefined) {
      if (this.ids.has(id)) this.duplicates += 1;
      this.ids.add(id);
      this.needHead = false;
    } else if (this.head.length >= JsonlScanner.HEAD_MAX) {
      this.needHead = false;
      this.malformed += 1;
    }
  }

  private endLine(): void {
    if (this.needHead) this.malformed += 1;
    this.lines += 1;
    this.head = "";
    this.needHead = true;
  }
}

interface BurstStats {
  served: number;
  errors: Map<string, number>;
  /** Latencies of every call, served or not, ascending, in ms. */
  latencies: number[];
  wallMs: number;
}

/** Starts `count` calls at once and waits for all; a call throws to count as an error. */
async function burst(count: number, call: (i: number) => Promise<void>): Promise<BurstStats> {
  const errors = new Map<string, number>();
  const latencies: number[] = [];
  let served = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const callStart = performance.now();
      try {
        await call(i);
        served += 1;
      } catch (error) {
        const label = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        errors.set(label, (errors.get(label) ?? 0) + 1);
      }
      latencies.push(performance.now() - callStart);
    }),
  );
  latencies.sort((a, b) => a - b);
  return { served, errors, latencies, wallMs: performance.now() - start };
}

/** A raw GET that must answer 200 with JSON that `accept` is happy with. */
async function getJson(url: string, dispatcher: Agent, accept: (body: unknown) => boolean): Promise<void> {
  const res = await request(url, { dispatcher, headers: RAW_HEADERS });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  if (!accept(JSON.parse(text))) throw new Error("unexpected body");
}

/* ------------------------------------------------------------------------------------------------ */
/* Phases                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

/** Times the SDK's calls to fetch, to tell its own work (stringifying the body) from the HTTP exchange. */
class FetchTimer {
  lastMs = 0;
  /** The emulator's own account of the last call (its Server-Timing header), in ms by name. */
  serverTiming: Record<string, number> = {};

  readonly fetch: typeof fetch = async (input, init) => {
    const start = performance.now();
    const response = await fetch(input, init);
    this.lastMs = performance.now() - start;
    this.serverTiming = Object.fromEntries(
      (response.headers.get("server-timing") ?? "")
        .split(",")
        .map((entry) => /^\s*(\w+);dur=([\d.]+)/.exec(entry))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => [match[1], Number(match[2])]),
    );
    return response;
  };
}

interface Context {
  child: EmulatorChild;
  client: Anthropic;
  fetchTimer: FetchTimer;
  monitor: ProcessMonitor;
  report: Report;
  baseline: Baseline;
  dataDir: string;
}

async function phase<T>(ctx: Context, name: string, fn: () => Promise<T>): Promise<T> {
  log(`${name}…`);
  ctx.monitor.begin(name);
  try {
    return await fn();
  } finally {
    ctx.monitor.end();
  }
}

async function createPhase(ctx: Context, requests: BatchRequest[]): Promise<MessageBatch> {
  const { value: batch, ms: createMs } = await phase(ctx, "create", () =>
    timed(() => ctx.client.messages.batches.create({ requests })),
  );
  const { baseline, report } = ctx;
  const times = createMs / baseline.parseMs;
  report.add(
    `create ${int(REQUEST_COUNT / 1000)}k (${mb(baseline.bodyBytes)}) via SDK`,
    `${ms(createMs)} = ${ratio(times)} JSON.parse (${ms(baseline.parseMs)})`,
    `goal ≤ ${GOAL_CREATE_RATIO}× (≤ ${ms(GOAL_CREATE_RATIO * baseline.parseMs)})`,
    times <= GOAL_CREATE_RATIO ? "ok" : "MISSED",
  );
  // The SDK stringifies the body before it calls fetch; the fetch call is the encode, upload and emulator.
  const httpMs = ctx.fetchTimer.lastMs;
  report.add(
    "  …of which the SDK's fetch() call",
    `${ms(httpMs)} = ${ratio(httpMs / baseline.parseMs)} JSON.parse`,
    `UTF-8 encode + upload + emulator; the SDK's JSON.stringify etc. before it: ${ms(createMs - httpMs)}`,
  );
  const { body: bodyMs, handle: handleMs } = ctx.fetchTimer.serverTiming;
  if (bodyMs !== undefined && handleMs !== undefined) {
    const yardstick = baseline.freshParseMs ?? baseline.parseMs;
    report.add(
      "  …the emulator's own work",
      `${ms(handleMs)} = ${ratio(handleMs / yardstick)} JSON.parse (${ms(yardstick)})`,
      `from the last body byte to the response (Server-Timing); receiving the body took ${ms(bodyMs)}`,
      handleMs / yardstick <= GOAL_CREATE_RATIO ? "ok" : "MISSED",
    );
  }
  if (baseline.freshParseMs !== undefined) {
    report.add(
      "  …against JSON.parse on a fresh heap",
      `${ratio(createMs / baseline.freshParseMs)} (fetch() call ${ratio(httpMs / baseline.freshParseMs)})`,
      `fresh-heap JSON.parse ${ms(baseline.freshParseMs)}, as on the emulator's nearly empty heap`,
    );
  }
  return batch;
}

/** Polls with the SDK until `ended`; throws if the batch stalls or outlasts the timeout. */
async function pollUntilEnded(ctx: Context, id: string, polls: number[]): Promise<MessageBatch> {
  const start = Date.now();
  let lastProcessing = Number.POSITIVE_INFINITY;
  let lastProgress = start;
  for (;;) {
    const { value: batch, ms: pollMs } = await timed(() => ctx.client.messages.batches.retrieve(id));
    polls.push(pollMs);
    if (batch.processing_status === "ended") return batch;
    const now = Date.now();
    const counts = JSON.stringify(batch.request_counts);
    if (batch.request_counts.processing < lastProcessing) {
      lastProcessing = batch.request_counts.processing;
      lastProgress = now;
    } else if (now - lastProgress > STALL_MS) {
      throw new BenchFailure(
        `processing stalled: no progress for ${ms(now - lastProgress)}, counts ${counts}`,
      );
    }
    if (now - start > PROCESSING_TIMEOUT_MS) {
      throw new BenchFailure(`batch not ended after ${ms(PROCESSING_TIMEOUT_MS)}, counts ${counts}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

async function processingPhase(ctx: Context, created: MessageBatch): Promise<MessageBatch> {
  const polls: number[] = [];
  const ended = await phase(ctx, "processing", () => pollUntilEnded(ctx, created.id, polls));
  // Server timestamps, so the figure does not depend on the poll interval.
  const processingMs = Date.parse(ended.ended_at ?? "") - Date.parse(ended.created_at);
  polls.sort((a, b) => a - b);
  const { report } = ctx;
  report.add(
    "processing, created_at → ended_at",
    `${ms(processingMs)} = ${perSecond(REQUEST_COUNT, processingMs)} requests/s`,
    `EMULATOR_RATE=${EMULATOR_RATE}, EMULATOR_LATENCY_MS=0; no goal`,
  );
  report.add(
    "  retrieve polls while processing",
    `${polls.length} polls: p50 ${ms(percentile(polls, 0.5))}, max ${ms(polls.at(-1) ?? 0)}`,
    `SDK, one every ${POLL_INTERVAL_MS} ms; responsiveness under load`,
  );
  const counts = ended.request_counts;
  report.check(
    counts.succeeded === REQUEST_COUNT,
    "  request_counts at end",
    `succeeded ${int(counts.succeeded)}, errored ${int(counts.errored)}, canceled ${counts.canceled}, expired ${counts.expired}`,
    `all ${int(REQUEST_COUNT)} valid, so all must succeed`,
  );
  return ended;
}

async function rawResultsPhase(ctx: Context, batch: MessageBatch): Promise<number> {
  const url = batch.results_url;
  if (!url) throw new BenchFailure(`ended batch has no results_url: ${JSON.stringify(batch)}`);
  const scanner = new JsonlScanner();
  let firstByteMs = 0;
  const { ms: streamMs } = await phase(ctx, "results (raw undici)", () =>
    timed(async () => {
      const start = performance.now();
      const res = await request(url, { headers: RAW_HEADERS });
      firstByteMs = performance.now() - start;
      if (res.statusCode !== 200) throw new Error(`results: HTTP ${res.statusCode} ${await res.body.text()}`);
      for await (const chunk of res.body) scanner.push(chunk as Buffer);
      scanner.finish();
    }),
  );
  const fileReadMs = await timeFileRead(path.join(ctx.dataDir, "batches", batch.id, "results.jsonl"));
  const { report } = ctx;
  const throughput = scanner.bytes / MB / (streamMs / 1000);
  report.add(
    "results, raw undici stream",
    `${mb(scanner.bytes)} in ${ms(streamMs)} = ${mbps(scanner.bytes, streamMs)} (headers after ${ms(firstByteMs)})`,
    `goal ≥ ${GOAL_RESULTS_MBPS} MB/s${fileReadMs ? `; same file streamed from page cache: ${mbps(scanner.bytes, fileReadMs)}` : ""}`,
    throughput >= GOAL_RESULTS_MBPS ? "ok" : "MISSED",
  );
  const missing = countMissing(scanner.ids);
  report.check(
    scanner.lines === REQUEST_COUNT && missing === 0 && scanner.duplicates === 0 && scanner.malformed === 0,
    "  lines / unique custom_ids",
    `${int(scanner.lines)} / ${int(scanner.ids.size)} (missing ${missing}, duplicates ${scanner.duplicates}, malformed ${scanner.malformed})`,
    `must be ${int(REQUEST_COUNT)} / ${int(REQUEST_COUNT)}`,
  );
  return scanner.bytes;
}

function countMissing(ids: ReadonlySet<string>): number {
  let missing = 0;
  for (let i = 0; i < REQUEST_COUNT; i++) if (!ids.has(customIdOf(i))) missing += 1;
  return missing;
}

/**
 * Context for the results figure: how fast this machine streams the same file without HTTP, in the 1 MiB
 * chunks the emulator reads it in.
 */
async function timeFileRead(file: string): Promise<number | undefined> {
  try {
    const { ms: readMs } = await timed(async () => {
      for await (const _chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
        // Only the time to read matters.
      }
    });
    return readMs;
  } catch {
    return undefined; // The store's layout is the emulator's business; the figure is only context.
  }
}

async function sdkResultsPhase(ctx: Context, batch: MessageBatch, bytes: number): Promise<void> {
  const types: Record<string, number> = {};
  let count = 0;
  const { ms: iterateMs } = await phase(ctx, "results (SDK)", () =>
    timed(async () => {
      for await (const line of await ctx.client.messages.batches.results(batch.id)) {
        count += 1;
        types[line.result.type] = (types[line.result.type] ?? 0) + 1;
      }
    }),
  );
  ctx.report.add(
    "results via SDK batches.results()",
    `${int(count)} in ${ms(iterateMs)} = ${perSecond(count, iterateMs)} results/s (${mbps(bytes, iterateMs)})`,
    "retrieve + JSONL decode + JSON.parse per line; no goal",
  );
  const tally = Object.entries(types)
    .map(([type, n]) => `${type} ${int(n)}`)
    .join(", ");
  ctx.report.check(
    count === REQUEST_COUNT,
    "  SDK result count",
    tally || "none",
    `must be ${int(REQUEST_COUNT)}`,
  );
}

function burstRows(ctx: Context, figure: string, stats: BurstStats): void {
  const errors = [...stats.errors.values()].reduce((sum, n) => sum + n, 0);
  const detail = [...stats.errors].map(([label, n]) => `${label} ×${n}`).join(", ");
  ctx.report.check(
    errors === 0,
    figure,
    `${int(stats.served)} served, ${errors} errors`,
    errors === 0 ? "goal: 0 errors" : `goal: 0 errors; got ${detail}`,
  );
  const { latencies } = stats;
  ctx.report.add(
    "  latency",
    `p50 ${ms(percentile(latencies, 0.5))}, p99 ${ms(percentile(latencies, 0.99))}, max ${ms(latencies.at(-1) ?? 0)}`,
    `all sent at once; ${ms(stats.wallMs)} wall = ${perSecond(latencies.length, stats.wallMs)} requests/s`,
  );
}

async function concurrencyPhases(ctx: Context, batch: MessageBatch): Promise<void> {
  // One connection per concurrent call, as thousands of separate pollers would open; the lists that follow
  // reuse them (keep-alive).
  const agent = new Agent({ connections: RETRIEVE_BURST, pipelining: 1 });
  try {
    const retrieveUrl = `${ctx.child.url}/v1/messages/batches/${batch.id}`;
    const isBatch = (body: unknown) => (body as { id?: unknown }).id === batch.id;
    const retrieves = await phase(ctx, `${int(RETRIEVE_BURST)} concurrent retrieves`, () =>
      burst(RETRIEVE_BURST, () => getJson(retrieveUrl, agent, isBatch)),
    );
    burstRows(ctx, `${int(RETRIEVE_BURST)} concurrent retrieves, raw`, retrieves);

    const listUrl = `${ctx.child.url}/v1/messages/batches?limit=20`;
    const listsBatch = (body: unknown) =>
      ((body as { data?: { id?: unknown }[] }).data ?? []).some((item) => item.id === batch.id);
    const lists = await phase(ctx, `${int(LIST_BURST)} concurrent lists`, () =>
      burst(LIST_BURST, () => getJson(listUrl, agent, listsBatch)),
    );
    burstRows(ctx, `${int(LIST_BURST)} concurrent lists, raw`, lists);
  } finally {
    await agent.close();
  }
}

async function runPhases(ctx: Context, requests: BatchRequest[]): Promise<void> {
  const created = await createPhase(ctx, requests);
  // The batch is on the server now: drop this process's ~1 GB of request objects, so our own GC does not
  // slow the client side of the measurements below.
  requests.length = 0;
  const ended = await processingPhase(ctx, created);
  const bytes = await rawResultsPhase(ctx, ended);
  await sdkResultsPhase(ctx, ended, bytes);
  await concurrencyPhases(ctx, ended);
}

/* ------------------------------------------------------------------------------------------------ */
/* Main                                                                                              */
/* ------------------------------------------------------------------------------------------------ */

function describeInput(report: Report, baseline: Baseline, nonAscii: number, generateMs: number): void {
  report.add(
    "request body",
    `${int(REQUEST_COUNT)} requests, ${mb(baseline.bodyBytes)} (${int(baseline.bodyBytes / REQUEST_COUNT)} B/request)`,
    `${int(nonAscii)} with non-ASCII text; seed ${SEED}; generated in ${ms(generateMs)}`,
  );
  report.add(
    "baseline JSON.stringify({requests})",
    `${ms(baseline.stringifyMs)} (${mbps(baseline.bodyBytes, baseline.stringifyMs)})`,
    "this process, median of 3",
  );
  report.add(
    "baseline JSON.parse(body)",
    `${ms(baseline.parseMs)} (${mbps(baseline.bodyBytes, baseline.parseMs)})`,
    "this process, median of 3; the goal's yardstick",
  );
  if (baseline.freshParseMs !== undefined) {
    report.add(
      "  JSON.parse on a fresh heap",
      `${ms(baseline.freshParseMs)} (${mbps(baseline.bodyBytes, baseline.freshParseMs)})`,
      "worker thread with only the body on its heap, median of 3",
    );
  }
}

/** The running emulator and its temp dir; `cleanUp` is idempotent and also runs on Ctrl-C or SIGTERM. */
interface Session {
  dataDir: string;
  child: EmulatorChild | undefined;
  monitor: ProcessMonitor | undefined;
  /** Resolves with how the emulator exited, or undefined if it never started. */
  cleanUp(): Promise<string | undefined>;
}

function openSession(dataDir: string): Session {
  let cleaning: Promise<string | undefined> | undefined;
  const session: Session = {
    dataDir,
    child: undefined,
    monitor: undefined,
    cleanUp() {
      cleaning ??= (async () => {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        session.monitor?.stop();
        const exit = await session.child?.stop();
        await fs.rm(dataDir, { recursive: true, force: true });
        return exit;
      })();
      return cleaning;
    },
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\nbench: ${signal}; stopping the emulator and removing ${dataDir}`);
    void session.cleanUp().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return session;
}

async function benchEmulator(report: Report, baseline: Baseline, requests: BatchRequest[]): Promise<Session> {
  const session = openSession(await fs.mkdtemp(path.join(os.tmpdir(), "emulator-bench-")));
  try {
    const env = { EMULATOR_DATA_DIR: session.dataDir, EMULATOR_RATE, EMULATOR_LATENCY_MS: "0" };
    const child = await startEmulatorChild(ROOT, env);
    session.child = child;
    log(`emulator pid ${child.pid} at ${child.url}, data in ${session.dataDir}`);
    const monitor = new ProcessMonitor(child.pid);
    session.monitor = monitor;
    monitor.start();
    const fetchTimer = new FetchTimer();
    const client = new Anthropic({
      baseURL: child.url,
      apiKey: API_KEY,
      maxRetries: 0,
      timeout: 600_000,
      fetch: fetchTimer.fetch,
    });
    const ctx: Context = { child, client, fetchTimer, monitor, report, baseline, dataDir: session.dataDir };
    await runPhases(ctx, requests);
  } catch (error) {
    const detail = error instanceof BenchFailure ? error.message : ((error as Error).stack ?? String(error));
    report.fail(`run stopped: ${detail}`);
  } finally {
    const exit = await session.cleanUp();
    if (exit !== undefined && exit !== "exit code 0") report.fail(`emulator on SIGTERM: ${exit}`);
  }
  return session;
}

function printReport(report: Report, session: Session | undefined): void {
  const machine = `Node ${process.version}, ${os.cpus().length} cores`;
  console.log(`\nEmulator benchmark (${new Date().toISOString()}, ${machine})\n`);
  report.print();
  if (session?.monitor) printPhases(session.monitor.phases, session.monitor.overallPeak());
  const stderr = session?.child?.stderr().trim();
  if (stderr) console.log(`\nEmulator stderr:\n${stderr.slice(0, 4000)}`);
  if (report.failures.length > 0) {
    console.log(
      `\nFAILED (${report.failures.length}):\n${report.failures.map((f) => `  - ${f}`).join("\n")}`,
    );
  } else {
    console.log("\nAll functional checks passed (timing goals are reported, never fatal).");
  }
}

async function main(): Promise<number> {
  const report = new Report();
  log(`generating ${int(REQUEST_COUNT)} requests`);
  const generated = await timed(async () => generateBatch(REQUEST_COUNT, SEED));
  const { requests, nonAscii } = generated.value;
  log("measuring JSON.stringify / JSON.parse baseline (3 runs each)");
  const baseline = await measureBaseline(requests);
  describeInput(report, baseline, nonAscii, generated.ms);
  let session: Session | undefined;
  if (baseline.bodyBytes > MAX_BODY_BYTES) {
    // The create would only earn a 413: a generator problem, not the emulator's.
    report.fail(
      `the body (${baseline.bodyBytes} B) exceeds the emulator's create limit (${MAX_BODY_BYTES} B)`,
    );
  } else {
    session = await benchEmulator(report, baseline, requests);
  }
  printReport(report, session);
  return report.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
