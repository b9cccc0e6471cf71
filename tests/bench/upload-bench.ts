/**
 * `npm run bench:upload`: the upload path of /batches/new on a seeded 100,000-request JSONL file of ~200 MB,
 * in Chromium against the production standalone server (a child, its upstream the emulator, another), each
 * figure beside a baseline measured in this same run and the goal from docs/performance.md:
 *
 *   1. Node baselines in this process: (a) read + split + `JSON.parse` per line; (b) the file streamed from
 *      disk through BatchFileValidator (parse + zod, the validator the page's worker runs); (c) (b) plus the
 *      worker's per-request extras (previews, warnings);
 *   2. the check in the browser, twice: from the file input's change to data-stage=checked, at ≥ 0.5× the
 *      throughput of (b); no main-thread task over 50 ms; the checking worker's JS heap ≤ 100 MB, sampled
 *      through CDP every 50 ms while it runs;
 *   3. the submit: the page's XHR to POST /api/batches until the created batch comes back, beside (a) and
 *      bench:proxy's validate-and-forward baseline (≤ 1.5×), and the server's RSS growth (≤ 150 MB).
 *
 * Timings never fail the run (the machine is shared and noisy; compare ratios within one run). Only
 * functional faults do: a verdict that is not ok, a create that is not 2xx or holds the wrong number of
 * requests. The browser, the children and the temp files are removed on every exit, Ctrl-C included.
 */
import { createReadStream, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { CDPSession, Page } from "@playwright/test";
import { Agent } from "undici";
import { previewRequest, type RequestPreview } from "../../lib/batch-file/request-preview";
import { BatchRequestSchema } from "../../lib/batch-file/request-schema";
import { BatchFileValidator, type ValidationSummary } from "../../lib/batch-file/validate";
import { RequestWarnings } from "../../lib/batch-file/warnings";
import {
  BenchFailure,
  best,
  int,
  log,
  mb,
  mbps,
  mibToMb,
  msText,
  type Report,
  rate,
  runsText,
  seconds,
  times,
} from "./bench-report";
import {
  HEAP_SAMPLE_MS,
  type HeapWindow,
  launchBrowser,
  RendererMonitors,
  WorkerHeaps,
  waitForWorker,
} from "./browser-harness";
import {
  API_KEY,
  asBatch,
  type Batch,
  type CreateBaseline,
  gc,
  parseJson,
  ROOT,
  runBench,
  type Session,
  startServerChild,
  totalOf,
  validateAndForward,
} from "./dashboard-harness";
import { type PhaseStats, ProcessMonitor, startEmulatorChild } from "./emulator-child";
import { writeRequestFile } from "./request-file";

const SEED = 2026;
const REQUEST_COUNT = 100_000;
/** Makes the seeded batch ~200 MB, the file of the issue's acceptance item. */
const LENGTH_SCALE = 0.78;
const NODE_RUNS = 2;
const BROWSER_CHECKS = 2;
/** Requests the worker shows in its preview (check-file.worker.ts), for baseline (c). */
const PREVIEW_SAMPLES = 5;
const LONG_TASK_MS = 50;
const PAGE_TIMEOUT_MS = 60_000;
const CHECK_TIMEOUT_MS = 180_000;
const CREATE_TIMEOUT_MS = 300_000;

const GOAL_CHECK_SHARE = 0.5;
const GOAL_HEAP_MB = 100;
const GOAL_CREATE_RATIO = 1.5;
const GOAL_CREATE_RSS_MB = 150;

/* ------------------------------------------------------------------------------------------------ */
/* Node baselines, in this process                                                                   */
/* ------------------------------------------------------------------------------------------------ */

interface NodeBaselines {
  readMs: number[];
  parseMs: number[];
  /** (a): read + parse, per run. */
  rawMs: number[];
  /** (a2): read + parse + the request schema, per run. */
  schemaMs: number[];
  /** RSS growth of this process during one (a) run, in MB: the cost of holding the file. */
  rawRssGrowthMb: number;
  /** (b) */
  validateMs: number[];
  /** (c) */
  workerLoopMs: number[];
}

/**
 * (a): the whole file into a Buffer, then each line decoded and parsed; returns the lines parsed. With
 * `schema`, (a2): each parsed line also through the request schema, the bare "parse + zod" of
 * docs/performance.md, without the validator's byte handling, canonical form and bookkeeping.
 */
function readAndParse(file: string, schema = false): { readMs: number; parseMs: number; lines: number } {
  const start = performance.now();
  const bytes = readFileSync(file);
  const read = performance.now();
  let lines = 0;
  for (let from = 0; from < bytes.length; ) {
    let end = bytes.indexOf(0x0a, from);
    if (end === -1) end = bytes.length;
    if (end > from) {
      const value: unknown = JSON.parse(bytes.toString("utf8", from, end));
      if (schema && !BatchRequestSchema.safeParse(value).success) {
        throw new BenchFailure(`parse + zod: line ${lines + 1} does not match the request schema`);
      }
      lines += 1;
    }
    from = end + 1;
  }
  return { readMs: read - start, parseMs: performance.now() - read, lines };
}

/**
 * (b), and with `workerExtras` (c): the file streamed from disk in 64 KiB chunks, as `file.stream()` feeds
 * the worker, through the validator; (c) also does what check-file.worker.ts does with each request.
 */
async function validateFile(
  file: string,
  workerExtras: boolean,
): Promise<{ ms: number; summary: ValidationSummary }> {
  const samples: RequestPreview[] = [];
  const warnings = new RequestWarnings();
  const start = performance.now();
  const validator = new BatchFileValidator({
    format: "jsonl",
    onRequest: workerExtras
      ? (_canonical, line, request) => {
          if (samples.length < PREVIEW_SAMPLES) samples.push(previewRequest(request, line));
          warnings.add(request, line);
        }
      : undefined,
  });
  for await (const chunk of createReadStream(file)) validator.push(chunk as Buffer);
  const summary = validator.end();
  if (workerExtras) warnings.list();
  return { ms: performance.now() - start, summary };
}

async function nodeBaselines(file: string): Promise<NodeBaselines> {
  const result: NodeBaselines = {
    readMs: [],
    parseMs: [],
    rawMs: [],
    schemaMs: [],
    rawRssGrowthMb: 0,
    validateMs: [],
    workerLoopMs: [],
  };
  const self = new ProcessMonitor(process.pid);
  self.start();
  try {
    for (let run = 0; run < NODE_RUNS; run++) {
      gc?.();
      if (run === 0) self.begin("read + parse");
      const raw = readAndParse(file);
      if (run === 0) {
        const stats = self.end();
        result.rawRssGrowthMb = mibToMb(stats.peak - stats.before);
      }
      if (raw.lines !== REQUEST_COUNT) {
        throw new BenchFailure(`read + parse: ${raw.lines} lines, expected ${REQUEST_COUNT}`);
      }
      result.readMs.push(raw.readMs);
      result.parseMs.push(raw.parseMs);
      result.rawMs.push(raw.readMs + raw.parseMs);
      gc?.();
      const parsed = readAndParse(file, true);
      result.schemaMs.push(parsed.readMs + parsed.parseMs);
      for (const workerExtras of [false, true]) {
        gc?.();
        const { ms, summary } = await validateFile(file, workerExtras);
        if (!summary.ok || summary.requests !== REQUEST_COUNT) {
          throw new BenchFailure(
            `Node validation: ok=${summary.ok}, ${summary.requests} requests, problems ${JSON.stringify(summary.problems.slice(0, 3))}`,
          );
        }
        (workerExtras ? result.workerLoopMs : result.validateMs).push(ms);
      }
    }
  } finally {
    self.stop();
  }
  gc?.();
  return result;
}

/* ------------------------------------------------------------------------------------------------ */
/* Chromium                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

/** What the page records about a check, in its own clock (`performance.now()`). */
interface PageProbe {
  changeAt: number;
  doneAt: number;
  stage: string;
  longTasks: { start: number; duration: number }[];
}

type ProbedWindow = { uploadBench: PageProbe };

/**
 * Long tasks, the file input's change and the form's move to a final stage, timed in the page. Callbacks
 * stay inline: tsx compiles named local functions with a `__name` helper that the page does not have.
 */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe: PageProbe = { changeAt: 0, doneAt: 0, stage: "", longTasks: [] };
    (window as unknown as ProbedWindow).uploadBench = probe;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: "longtask", buffered: true });
    // Capture, so the time is taken before React's own change handler runs.
    document.addEventListener(
      "change",
      (event) => {
        if (event.target instanceof HTMLInputElement && event.target.dataset.testid === "file-input") {
          probe.changeAt = performance.now();
          probe.doneAt = 0;
          probe.stage = "";
        }
      },
      true,
    );
    const form = document.querySelector("[data-testid=create-batch]");
    if (!form) throw new Error("no [data-testid=create-batch] on /batches/new");
    new MutationObserver(() => {
      const stage = form.getAttribute("data-stage") ?? "";
      if (probe.changeAt > 0 && probe.doneAt === 0 && (stage === "checked" || stage === "unreadable")) {
        probe.doneAt = performance.now();
        probe.stage = stage;
      }
    }).observe(form, { attributes: true, attributeFilter: ["data-stage"] });
  });
}

interface CheckRun {
  ms: number;
  /** The worker's own time, as the verdict shows it (rounded). */
  workerMs: number | undefined;
  verdict: string;
  longTasks: number;
  longestTaskMs: number;
  heap: HeapWindow;
  renderer: PhaseStats | undefined;
  pageHeapUsed: number;
  pageHeapAfterGc: number;
}

interface Browsing {
  page: Page;
  pageCdp: CDPSession;
  heaps: WorkerHeaps;
  renderers: RendererMonitors;
}

function workerMsOf(verdict: string): number | undefined {
  const match = /checked in ([\d.]+) (ms|s)\b/.exec(verdict);
  if (!match) return undefined;
  return Number(match[1]) * (match[2] === "s" ? 1000 : 1);
}

/** Chooses `file` in the page and waits for the verdict; the check must find every request valid. */
async function checkInBrowser(b: Browsing, file: string, run: number): Promise<CheckRun> {
  const { page, heaps, renderers } = b;
  await waitForWorker(heaps);
  heaps.open();
  renderers.begin(`check ${run}`);
  await page.getByTestId("file-input").setInputFiles(file);
  await page.waitForFunction(() => (window as unknown as ProbedWindow).uploadBench.doneAt > 0, undefined, {
    timeout: CHECK_TIMEOUT_MS,
    polling: 100,
  });
  const heap = heaps.close();
  const renderer = renderers.end();
  const probe = await page.evaluate(() => (window as unknown as ProbedWindow).uploadBench);
  if (probe.stage !== "checked") {
    const message = await page.getByTestId("check-failed").textContent();
    throw new BenchFailure(`check ${run}: data-stage=${probe.stage}: ${message ?? ""}`);
  }
  const verdictElement = page.getByTestId("check-verdict");
  const verdict = (await verdictElement.textContent()) ?? "";
  if ((await verdictElement.getAttribute("data-ok")) !== "true") {
    throw new BenchFailure(`check ${run}: verdict not ok: ${verdict}`);
  }
  const during = probe.longTasks.filter(
    (task) => task.start < probe.doneAt && task.start + task.duration > probe.changeAt,
  );
  const { usedSize: pageHeapUsed } = await b.pageCdp.send("Runtime.getHeapUsage");
  await b.pageCdp.send("HeapProfiler.collectGarbage");
  const { usedSize: pageHeapAfterGc } = await b.pageCdp.send("Runtime.getHeapUsage");
  return {
    ms: probe.doneAt - probe.changeAt,
    workerMs: workerMsOf(verdict),
    verdict,
    longTasks: during.filter((task) => task.duration > LONG_TASK_MS).length,
    longestTaskMs: Math.max(0, ...during.map((task) => task.duration)),
    heap,
    renderer,
    pageHeapUsed,
    pageHeapAfterGc,
  };
}

interface Submitted {
  status: number;
  /** The created batch, retrieved once the page has opened it; absent when the create failed. */
  batch: Batch | undefined;
  /** The answer to a failed create. */
  error: string;
  /** XHR send → last byte of the answer, from the browser's own request timing. */
  xhrMs: number;
  /** Click → answer, timed here: adds the click and React's handler. */
  clickMs: number;
  stats: PhaseStats;
}

/**
 * Clicks submit and waits for the page's POST /api/batches to be answered. The answer's body is gone once
 * the page moves on to the batch (Chromium drops it on navigation), so the batch is retrieved from there.
 */
async function submitInBrowser(page: Page, monitor: ProcessMonitor): Promise<Submitted> {
  const answered = page.waitForResponse(
    (res) => res.request().method() === "POST" && new URL(res.url()).pathname === "/api/batches",
    { timeout: CREATE_TIMEOUT_MS },
  );
  monitor.begin("create (browser submit)");
  let stats: PhaseStats;
  const clickAt = performance.now();
  let response: Awaited<typeof answered>;
  try {
    await page.getByTestId("submit-batch").click();
    response = await answered;
    await response.finished();
  } finally {
    stats = monitor.end();
  }
  const clickMs = performance.now() - clickAt;
  const status = response.status();
  const submitted = { status, xhrMs: response.request().timing().responseEnd, clickMs, stats };
  if (status < 200 || status > 299) {
    const error = await response.text().catch((problem: unknown) => String(problem));
    return { ...submitted, batch: undefined, error };
  }
  const opened = await page
    .waitForURL((url) => /^\/batches\/[^/]+$/.test(url.pathname) && url.pathname !== "/batches/new", {
      timeout: PAGE_TIMEOUT_MS,
    })
    .then(
      () => true,
      () => false,
    );
  const { origin, pathname } = new URL(page.url());
  if (!opened)
    throw new BenchFailure(`after the create, the page did not open the batch: it is at ${pathname}`);
  const retrieved = await page.request.get(`${origin}/api${pathname}`);
  const text = await retrieved.text();
  if (!retrieved.ok())
    throw new BenchFailure(`GET /api${pathname}: HTTP ${retrieved.status()} ${text.slice(0, 300)}`);
  return {
    ...submitted,
    batch: asBatch(parseJson(`GET /api${pathname}`, text), `GET /api${pathname}`),
    error: "",
  };
}

/* ------------------------------------------------------------------------------------------------ */
/* The run                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

interface Context {
  report: Report;
  fileBytes: number;
}

function reportNode(ctx: Context, node: NodeBaselines, createBaseline: CreateBaseline): void {
  const { report, fileBytes } = ctx;
  report.section(`Node baselines in this process, best of ${NODE_RUNS}`);
  const baselineRow = (figure: string, runs: number[], note: string) =>
    report.row({
      figure,
      base: `${seconds(best(runs))} · ${rate(fileBytes, best(runs))}`,
      goal: `${note} · runs ${runsText(runs)} s`,
    });
  baselineRow(
    "(a) read into a Buffer + split + JSON.parse",
    node.rawMs,
    `read ${seconds(best(node.readMs))} + parse ${seconds(best(node.parseMs))}; RSS +${int(node.rawRssGrowthMb)} MB`,
  );
  baselineRow("(a2) (a) + the request schema (zod) per line", node.schemaMs, "the bare parse + zod");
  baselineRow(
    "(b) BatchFileValidator (parse + zod), from disk",
    node.validateMs,
    "the validator the worker runs, 64 KiB chunks",
  );
  baselineRow("(c) (b) + the worker's previews and warnings", node.workerLoopMs, "the worker's whole loop");
  report.row({
    figure: "(d) validate-and-forward to the emulator",
    base: `${seconds(createBaseline.totalMs)} · ${rate(fileBytes, createBaseline.totalMs)}`,
    goal: `bench:proxy's create baseline: validate + spool ${seconds(createBaseline.validateMs)}, forward ${seconds(createBaseline.forwardMs)}; RSS +${int(createBaseline.rssPeakMb - createBaseline.rssBeforeMb)} MB`,
  });
  report.check(
    totalOf(createBaseline.batch.request_counts) === REQUEST_COUNT,
    "(d) requests in the created batch",
    int(totalOf(createBaseline.batch.request_counts)),
    `must be ${int(REQUEST_COUNT)}`,
  );
}

function reportChecks(ctx: Context, node: NodeBaselines, runs: CheckRun[], heapProblem?: string): void {
  const { report, fileBytes } = ctx;
  report.section(
    `Chromium: the check on /batches/new, ${runs.length} runs (the first in a fresh page), in the check-batch-file worker`,
  );
  for (const [i, run] of runs.entries()) {
    report.check(true, `verdict, check ${i + 1}`, "data-ok=true", run.verdict);
  }
  const fastest = best(runs.map((run) => run.ms));
  const browserRate = mbps(fileBytes, fastest);
  const versus = (ms: number) => browserRate / mbps(fileBytes, ms);
  const share = versus(best(node.validateMs));
  report.row({
    verdict: share >= GOAL_CHECK_SHARE ? "ok" : "MISSED",
    figure: `validation throughput, best of ${runs.length}`,
    measured: rate(fileBytes, fastest),
    base: `(b) ${rate(fileBytes, best(node.validateMs))}`,
    ratio: times(share),
    goal: `≥ ${times(GOAL_CHECK_SHARE)} Node parse + zod (b)`,
  });
  for (const [label, ms] of [
    ["(a) read + JSON.parse", best(node.rawMs)],
    ["(a2) read + JSON.parse + zod", best(node.schemaMs)],
    ["(c) the worker's whole loop", best(node.workerLoopMs)],
  ] as const) {
    report.row({
      figure: `  vs ${label}`,
      measured: rate(fileBytes, fastest),
      base: rate(fileBytes, ms),
      ratio: times(versus(ms)),
      goal: "no goal",
    });
  }
  const workerTimes = runs.map((run) => (run.workerMs === undefined ? "?" : seconds(run.workerMs)));
  report.row({
    figure: "  time: input change → data-stage=checked",
    measured: seconds(fastest),
    base: `(b) ${seconds(best(node.validateMs))}`,
    goal: `runs ${runsText(runs.map((run) => run.ms))} s · the worker's own, from the verdict: ${workerTimes.join(", ")}`,
  });
  const longTasks = Math.max(...runs.map((run) => run.longTasks));
  const longest = Math.max(...runs.map((run) => run.longestTaskMs));
  report.row({
    verdict: longTasks === 0 ? "ok" : "MISSED",
    figure: `main-thread tasks > ${LONG_TASK_MS} ms during a check`,
    measured: int(longTasks),
    goal: `none · worst of ${runs.length}; longest ${longest > 0 ? msText(longest) : "none"}`,
  });
  const heapRuns = runs.map((run) => run.heap);
  const sampled = heapRuns.every((heap) => heap.samples > 0);
  const samples = heapRuns.map((heap) => int(heap.samples)).join(", ");
  const rendererGrowth = runs.map((run) =>
    run.renderer ? mibToMb(run.renderer.peak - run.renderer.before) : Number.NaN,
  );
  const worstRenderer = Math.max(...rendererGrowth);
  if (sampled) {
    const peak = Math.max(...heapRuns.map((heap) => heap.peakUsed));
    report.row({
      verdict: peak / 1e6 <= GOAL_HEAP_MB ? "ok" : "MISSED",
      figure: "worker JS heap, peak usedSize",
      measured: mb(peak),
      goal: `≤ ${GOAL_HEAP_MB} MB · worst of ${runs.length}, garbage included; CDP Runtime.getHeapUsage every ${HEAP_SAMPLE_MS} ms (${samples} samples); peak totalSize ${mb(Math.max(...heapRuns.map((heap) => heap.peakTotal)))}`,
    });
  } else {
    report.row({
      verdict: worstRenderer <= GOAL_HEAP_MB ? "ok" : "MISSED",
      figure: "renderer process RSS growth (instead of the worker heap)",
      measured: `${int(worstRenderer)} MB`,
      goal: `≤ ${GOAL_HEAP_MB} MB · worker heap not sampled (${samples} samples): ${heapProblem ?? "no answer from the worker"}`,
    });
  }
  const last = runs.at(-1);
  if (last) {
    report.row({
      figure: "page JS heap after the check",
      measured: `${mb(last.pageHeapUsed)} → ${mb(last.pageHeapAfterGc)}`,
      goal: "no goal · before → after a forced GC; the worker's heap goes with the worker",
    });
  }
  report.row({
    figure: "renderer process RSS growth during a check",
    measured: `${int(worstRenderer)} MB`,
    goal: `no goal · /proc of the busiest renderer, peak − before, worst of ${runs.length}; runs ${rendererGrowth.map((growth) => int(growth)).join(", ")} MB`,
  });
}

function reportSubmit(
  ctx: Context,
  node: NodeBaselines,
  createBaseline: CreateBaseline,
  submitted: Submitted,
): void {
  const { report, fileBytes } = ctx;
  report.section("Server: the page's submit, POST /api/batches with the file as its body");
  report.check(
    submitted.status >= 200 && submitted.status <= 299,
    "create: HTTP status",
    String(submitted.status),
    `2xx${submitted.batch ? "" : ` · ${submitted.error.slice(0, 300)}`}`,
  );
  if (!submitted.batch) return;
  report.check(
    totalOf(submitted.batch.request_counts) === REQUEST_COUNT,
    "create: requests in the batch the page opened",
    int(totalOf(submitted.batch.request_counts)),
    `must be ${int(REQUEST_COUNT)}`,
  );
  const ratio = submitted.xhrMs / createBaseline.totalMs;
  report.row({
    verdict: ratio <= GOAL_CREATE_RATIO ? "ok" : "MISSED",
    figure: "create: XHR send → answer",
    measured: seconds(submitted.xhrMs),
    base: `(d) ${seconds(createBaseline.totalMs)}`,
    ratio: times(ratio),
    goal: `≤ ${times(GOAL_CREATE_RATIO)} validate-and-forward (the proxy goal; here the browser uploads too)`,
  });
  report.row({
    figure: "  vs (a) read + JSON.parse",
    measured: seconds(submitted.xhrMs),
    base: seconds(best(node.rawMs)),
    ratio: times(submitted.xhrMs / best(node.rawMs)),
    goal: "no goal",
  });
  report.row({
    figure: "  throughput (file bytes / time)",
    measured: rate(fileBytes, submitted.xhrMs),
    base: `(d) ${rate(fileBytes, createBaseline.totalMs)}`,
    goal: `no goal · click → answer, timed by the bench: ${seconds(submitted.clickMs)}`,
  });
  const { stats } = submitted;
  const growth = mibToMb(stats.peak - stats.before);
  report.row({
    verdict: growth <= GOAL_CREATE_RSS_MB ? "ok" : "MISSED",
    figure: "server RSS growth (peak − before)",
    measured: `${int(growth)} MB`,
    base: `(d) ${int(createBaseline.rssPeakMb - createBaseline.rssBeforeMb)} MB`,
    goal: `≤ ${GOAL_CREATE_RSS_MB} MB · (a) holds the file: +${int(node.rawRssGrowthMb)} MB`,
  });
  report.row({
    figure: "  server RSS before / peak / after",
    measured: `${int(mibToMb(stats.before))} / ${int(mibToMb(stats.peak))} / ${int(mibToMb(stats.after))} MB`,
    goal: `server CPU ${seconds(stats.cpuMs)} over ${seconds(stats.wallMs)}`,
  });
}

async function run(report: Report, session: Session): Promise<void> {
  const emulatorData = path.join(session.tempDir, "emulator");
  const dashboardData = path.join(session.tempDir, "dashboard");
  await fs.mkdir(emulatorData);
  await fs.mkdir(dashboardData);
  const file = path.join(session.tempDir, "requests-100k.jsonl");
  log(`writing ${int(REQUEST_COUNT)} requests as JSONL to ${file}`);
  const { bytes: fileBytes, nonAscii } = await writeRequestFile(file, {
    count: REQUEST_COUNT,
    seed: SEED,
    lengthScale: LENGTH_SCALE,
  });
  report.section("The file");
  report.row({
    figure: "request file (JSONL)",
    measured: `${int(fileBytes)} B`,
    goal: `${mb(fileBytes)}; ${int(REQUEST_COUNT)} lines, ${int(nonAscii)} with non-ASCII text; seed ${SEED}, length scale ${LENGTH_SCALE}`,
  });

  // The emulator keeps its default pace (3.5 requests/s): the batches are never read, and working through
  // them at full speed would compete with the browser for the cores.
  const emulator = await startEmulatorChild(ROOT, {
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

  log(`Node baselines, ${NODE_RUNS} runs: read + parse, validator, the worker's loop`);
  const node = await nodeBaselines(file);
  log("Node baseline: validate-and-forward to the emulator");
  const direct = new Agent({ keepAliveTimeout: 30_000 });
  let createBaseline: CreateBaseline;
  try {
    createBaseline = await validateAndForward(
      { emulatorUrl: emulator.url, direct, tempDir: session.tempDir },
      file,
      REQUEST_COUNT,
    );
  } finally {
    await direct.close();
  }
  gc?.();
  const ctx: Context = { report, fileBytes };
  reportNode(ctx, node, createBaseline);

  const browser = await launchBrowser(session);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  const browserCdp = await browser.newBrowserCDPSession();
  const heaps = new WorkerHeaps(browserCdp);
  await heaps.start();
  monitor.begin("page load");
  await page.goto(`${server.url}/batches/new`);
  await page.locator('[data-testid=create-batch][data-stage="empty"]').waitFor();
  monitor.end();
  await installProbe(page);
  const { processInfo } = await browserCdp.send("SystemInfo.getProcessInfo");
  const renderers = new RendererMonitors(
    processInfo.filter((info) => info.type === "renderer").map((info) => info.id),
  );
  const browsing: Browsing = { page, pageCdp: await context.newCDPSession(page), heaps, renderers };
  const runs: CheckRun[] = [];
  try {
    for (let i = 1; i <= BROWSER_CHECKS; i++) {
      log(`Chromium: check ${i} of ${BROWSER_CHECKS}`);
      runs.push(await checkInBrowser(browsing, file, i));
    }
  } finally {
    heaps.stop();
    renderers.stop();
  }
  reportChecks(ctx, node, runs, heaps.problem);

  log("Chromium: submit");
  const submitted = await submitInBrowser(page, monitor);
  reportSubmit(ctx, node, createBaseline, submitted);
}

runBench({
  title: "Upload benchmark",
  name: "upload-bench",
  columns: { measured: "Chromium / server", base: "Node baseline" },
  legend:
    "Chromium = the page /batches/new of the standalone server; baselines = Node in this process, same file.",
  run,
});
