/**
 * What the dashboard benches (bench:proxy, bench:upload, bench:results) share: the production standalone
 * server as a child process against an emulator child (or an upstream the bench serves itself), the session
 * that removes them and the temp dir on every exit, the Batches API calls they check answers with, and the
 * in-process validate-and-forward baseline of a create.
 */
import { spawn } from "node:child_process";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import fs from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { Agent, request } from "undici";
import { BODY_PREFIX, BODY_SUFFIX } from "../../lib/batch-file/request-body";
import { BatchFileValidator } from "../../lib/batch-file/validate";
import { isBuildStale } from "../../lib/cli/build-freshness";
import type { WireRequestCounts } from "../builders/wire";

export { totalOf } from "../builders/wire";

import { BenchFailure, log, mibToMb, msText, printServerPhases, Report } from "./bench-report";
import { type EmulatorChild, exitDescription, hasExited, ProcessMonitor, stopChild } from "./emulator-child";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SERVER_JS = path.join(ROOT, ".next", "standalone", "server.js");
export const API_KEY = "bench-key";
export const DIRECT_HEADERS = { "x-api-key": API_KEY, "anthropic-version": "2023-06-01" };
const HEALTH_TIMEOUT_MS = 60_000;
const BUILD_WAIT_MS = 600_000;
export const LONG_TIMEOUT_MS = 600_000;

/** `gc()` without --expose-gc on the command line (the npm scripts run plain tsx). */
function loadGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}
export const gc = loadGc();

/* ------------------------------------------------------------------------------------------------ */
/* Batches API answers                                                                               */
/* ------------------------------------------------------------------------------------------------ */

export interface Batch {
  id: string;
  processing_status: string;
  request_counts: WireRequestCounts;
  results_url: string | null;
}

export function asBatch(value: unknown, what: string): Batch {
  const batch = value as Partial<Batch> | null;
  if (
    typeof batch?.id !== "string" ||
    typeof batch.processing_status !== "string" ||
    typeof batch.request_counts !== "object" ||
    batch.request_counts === null
  ) {
    throw new BenchFailure(`${what}: not a message batch: ${JSON.stringify(value).slice(0, 300)}`);
  }
  return batch as Batch;
}

export interface Answer {
  status: number;
  text: string;
  ms: number;
  headers: Record<string, string | string[] | undefined>;
}

/** One call, timed from sending to the last body byte; throws a BenchFailure unless the answer is 2xx. */
export async function call(
  what: string,
  url: string,
  dispatcher: Agent,
  options: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string | Readable } = {},
): Promise<Answer> {
  const start = performance.now();
  const res = await request(url, {
    method: options.method ?? "GET",
    headers: options.headers,
    body: options.body,
    dispatcher,
    headersTimeout: LONG_TIMEOUT_MS,
    bodyTimeout: LONG_TIMEOUT_MS,
  });
  const text = await res.body.text();
  const ms = performance.now() - start;
  if (res.statusCode < 200 || res.statusCode > 299) {
    throw new BenchFailure(`${what}: HTTP ${res.statusCode} ${text.slice(0, 500)}`);
  }
  return { status: res.statusCode, text, ms, headers: res.headers };
}

export function parseJson(what: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BenchFailure(`${what}: answer is not JSON: ${text.slice(0, 300)}`);
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* The dashboard server                                                                              */
/* ------------------------------------------------------------------------------------------------ */

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Settings in the caller's environment that would change what the server does (login, origins, mode). */
const SERVER_ENV_DROPPED =
  /^(ANTHROPIC_|EMULATOR_|BATCHBOARD_|DASHBOARD_|NEXT_PUBLIC_)|^(SESSION_SECRET|PUBLIC_ORIGIN|TRUST_PROXY|ALLOW_INSECURE_HTTP|PORT|HOST|HOSTNAME|KEEP_ALIVE_TIMEOUT|NODE_OPTIONS)$/;

function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (SERVER_ENV_DROPPED.test(key)) delete env[key];
  }
  return { ...env, ...extra };
}

export interface ServerChild {
  url: string;
  origin: string;
  pid: number;
  output(): string;
  stop(graceMs?: number): Promise<string>;
}

/**
 * PIDs whose command line says `next build`, as `pgrep -f "next build"` finds them: the build itself and the
 * `npm run build` shell around it, which copies the static files into the standalone dir afterwards.
 */
function runningBuilds(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      if (/(^|[\s/])next build\b/.test(commandLine)) pids.push(Number(entry));
    } catch {
      // Exited while listed, or not ours to read.
    }
  }
  return pids;
}

/** Waits (bounded) until no `next build` runs; says whether it had to wait. */
async function waitForBuilds(): Promise<boolean> {
  const start = Date.now();
  let waited = false;
  for (let pids = runningBuilds(); pids.length > 0; pids = runningBuilds()) {
    if (Date.now() - start > BUILD_WAIT_MS) {
      throw new BenchFailure(
        `\`next build\` (pid ${pids.join(", ")}) still running after ${msText(BUILD_WAIT_MS)}`,
      );
    }
    if (!waited) log(`\`next build\` running (pid ${pids.join(", ")}): waiting for it to finish`);
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  return waited;
}

/**
 * Runs `npm run build` when there is no standalone server and no build is already running (it waits for one
 * that is: two builds in one checkout break each other). When the build is older than the sources it only
 * warns: another `npm start` may be serving that build, and rebuilding under it would break it. Returns
 * which build is measured, for the report's header.
 */
export async function ensureBuild(): Promise<string> {
  if (await waitForBuilds()) log("the build finished; measuring what it left");
  if (existsSync(SERVER_JS)) {
    const stale = isBuildStale(ROOT);
    if (stale) {
      log(
        "NOTE: .next/standalone is older than the sources (lib/, app/ …): measuring the build as it is; " +
          "run `npm run build` first to measure the current code",
      );
    }
    return `.next/standalone built ${statSync(SERVER_JS).mtime.toISOString()}, ${stale ? "OLDER than the sources" : "up to date with the sources"}`;
  }
  log("no .next/standalone/server.js: running `npm run build` first");
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli ? [process.execPath, [npmCli, "run", "build"]] : ["npm", ["run", "build"]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0 || !existsSync(SERVER_JS))
    throw new BenchFailure(`npm run build failed (exit code ${code})`);
  return ".next/standalone built by this run";
}

/**
 * A copy of .next/standalone in `dir`, for a bench to serve from: a `npm run build` started by someone else
 * during the run replaces the files under a server that serves from the checkout, which then fails with
 * missing manifests. Returns the copy's server.js.
 */
export async function snapshotBuild(dir: string): Promise<string> {
  const copy = path.join(dir, "standalone");
  await fs.cp(path.dirname(SERVER_JS), copy, { recursive: true, verbatimSymlinks: true });
  return path.join(copy, "server.js");
}

/**
 * The standalone server in real-API mode, its upstream at `upstreamUrl`; waits for /api/health. `serverJs`
 * is the checkout's build unless a snapshot's is given.
 */
export async function startServerChild(
  upstreamUrl: string,
  dataDir: string,
  serverJs = SERVER_JS,
): Promise<ServerChild> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // `node` itself, not a wrapper, so the PID whose RSS we read is the one that serves.
  const child = spawn(process.execPath, ["--require", "./lib/cli/http-timeouts.cjs", serverJs], {
    cwd: ROOT,
    env: serverEnv({
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      ANTHROPIC_API_KEY: API_KEY,
      ANTHROPIC_BASE_URL: upstreamUrl,
      BATCHBOARD_MODE: "anthropic",
      BATCHBOARD_DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (text: string) => {
    // Keep the tail only: a server that logs per request must not grow this process.
    output = (output + text).slice(-20_000);
  };
  child.stdout?.setEncoding("utf8").on("data", collect);
  child.stderr?.setEncoding("utf8").on("data", collect);
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const server: ServerChild = {
    url,
    origin: url,
    pid: child.pid ?? 0,
    output: () => output,
    stop: (graceMs = 10_000) => stopChild(child, killOnExit, graceMs),
  };
  const dispatcher = new Agent();
  try {
    const start = Date.now();
    for (;;) {
      if (hasExited(child)) {
        throw new BenchFailure(`the server exited before answering (${exitDescription(child)}): ${output}`);
      }
      const health = await request(`${url}/api/health`, { dispatcher, headersTimeout: 5_000 }).then(
        async (res) => ({ status: res.statusCode, text: await res.body.text() }),
        () => undefined,
      );
      if (health?.status === 200) {
        log(`server pid ${server.pid} at ${url}; /api/health: ${health.text}`);
        return server;
      }
      if (Date.now() - start > HEALTH_TIMEOUT_MS) {
        throw new BenchFailure(
          `GET /api/health not 200 within ${msText(HEALTH_TIMEOUT_MS)} (last: ${health ? `HTTP ${health.status} ${health.text.slice(0, 200)}` : "no answer"}): ${output}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    await server.stop(2_000);
    throw error;
  } finally {
    await dispatcher.close();
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* The session: children and the temp dir, removed on every exit                                     */
/* ------------------------------------------------------------------------------------------------ */

interface Exits {
  emulator?: string;
  server?: string;
}

/** Children and the temp dir; `cleanUp` is idempotent and also runs on Ctrl-C or SIGTERM. */
export interface Session {
  tempDir: string;
  emulator: EmulatorChild | undefined;
  /** An upstream served by this process instead of the emulator; closed after the server stops. */
  upstream: { close(): Promise<void> } | undefined;
  server: ServerChild | undefined;
  monitor: ProcessMonitor | undefined;
  /** Runs first on clean-up, while the children still serve (a browser that talks to the server). */
  closeFirst: (() => Promise<void>) | undefined;
  cleanUp(): Promise<Exits>;
}

export function openSession(tempDir: string): Session {
  let cleaning: Promise<Exits> | undefined;
  // Last resort if the process dies without running cleanUp: the children are killed by their own hooks.
  const removeOnExit = () => rmSync(tempDir, { recursive: true, force: true });
  process.once("exit", removeOnExit);
  const session: Session = {
    tempDir,
    emulator: undefined,
    upstream: undefined,
    server: undefined,
    monitor: undefined,
    closeFirst: undefined,
    cleanUp() {
      cleaning ??= (async () => {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        session.monitor?.stop();
        await session.closeFirst?.().catch((error: unknown) => log(`clean-up: ${String(error)}`));
        const server = await session.server?.stop();
        const emulator = await session.emulator?.stop();
        await session.upstream?.close().catch((error: unknown) => log(`clean-up: ${String(error)}`));
        await fs.rm(tempDir, { recursive: true, force: true });
        process.off("exit", removeOnExit);
        return { server, emulator };
      })();
      return cleaning;
    },
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\nbench: ${signal}; stopping the children, removing ${tempDir}`);
    void session.cleanUp().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return session;
}

/** Cleans up and adds a failure for a child that did not stop cleanly on SIGTERM. */
export async function closeSession(session: Session, report: Report): Promise<void> {
  const exits = await session.cleanUp();
  // Next's standalone server answers SIGTERM with process.exit(143) by design.
  if (exits.server !== undefined && !["exit code 0", "exit code 143"].includes(exits.server)) {
    report.fail(`server on SIGTERM: ${exits.server}`);
  }
  if (exits.emulator !== undefined && exits.emulator !== "exit code 0") {
    report.fail(`emulator on SIGTERM: ${exits.emulator}`);
  }
}

/** The children's output worth reading, then the failures; returns the exit code. */
export function printOutcome(report: Report, session: Session): number {
  const emulatorStderr = session.emulator?.stderr().trim();
  if (emulatorStderr) console.log(`\nEmulator stderr:\n${emulatorStderr.slice(-4000)}`);
  const serverOutput = session.server?.output().trim();
  if (serverOutput && report.failures.length > 0)
    console.log(`\nServer output (tail):\n${serverOutput.slice(-4000)}`);
  if (report.failures.length > 0) {
    console.log(
      `\nFAILED (${report.failures.length}):\n${report.failures.map((f) => `  - ${f}`).join("\n")}`,
    );
    return 1;
  }
  console.log("\nAll functional checks passed (timing goals are reported, never fatal).");
  return 0;
}

export interface BenchSpec {
  /** "Proxy benchmark": the heading of the printed report. */
  title: string;
  /** Prefix of the temp dir. */
  name: string;
  columns: ConstructorParameters<typeof Report>[0];
  /** What the columns compare, printed under the heading. */
  legend: string;
  /** Said after the build's state, e.g. how it is served. */
  buildNote?: string;
  run: (report: Report, session: Session) => Promise<void>;
}

/**
 * A bench's whole life: a session, the build check, the run (a thrown error becomes a failure), the clean-up
 * of every child and temp file, the report, and the process's exit code (non-zero on any functional fault).
 */
export function runBench(spec: BenchSpec): void {
  const main = async (): Promise<number> => {
    const report = new Report(spec.columns);
    const session = openSession(await fs.mkdtemp(path.join(os.tmpdir(), `${spec.name}-`)));
    log(`temp dir ${session.tempDir}`);
    let buildNote = "none";
    try {
      buildNote = `${await ensureBuild()}${spec.buildNote ? `; ${spec.buildNote}` : ""}`;
      await spec.run(report, session);
    } catch (error) {
      const detail =
        error instanceof BenchFailure ? error.message : ((error as Error).stack ?? String(error));
      report.fail(`run stopped: ${detail}`);
    } finally {
      await closeSession(session, report);
    }
    const machine = `Node ${process.version}, ${os.cpus().length} cores`;
    console.log(`\n${spec.title} (${new Date().toISOString()}, ${machine})`);
    console.log(`Build: ${buildNote}`);
    console.log(`${spec.legend}\n`);
    report.print();
    if (session.monitor) printServerPhases(session.monitor.phases);
    return printOutcome(report, session);
  };
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/* ------------------------------------------------------------------------------------------------ */
/* The validate-and-forward baseline of a create                                                     */
/* ------------------------------------------------------------------------------------------------ */

export interface CreateBaseline {
  totalMs: number;
  validateMs: number;
  forwardMs: number;
  bodyBytes: number;
  batch: Batch;
  rssBeforeMb: number;
  rssPeakMb: number;
  /** The emulator's Server-Timing for the create: receiving the body, then its own work, in ms. */
  emulator: { bodyMs: number; handleMs: number } | undefined;
}

function parseServerTiming(value: unknown): CreateBaseline["emulator"] {
  if (typeof value !== "string") return undefined;
  const durations = Object.fromEntries(
    value
      .split(",")
      .map((entry) => /^\s*(\w+);dur=([\d.]+)/.exec(entry))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1], Number(match[2])]),
  );
  const { body, handle } = durations;
  return body !== undefined && handle !== undefined ? { bodyMs: body, handleMs: handle } : undefined;
}

/**
 * What a Node route must at least do with the upload: validate it in one streaming pass with the same
 * validator, spool the canonical requests to disk, then stream `{"requests":[…]}` upstream with
 * `undici.request` and an exact Content-Length. Runs in this process; its RSS is measured as context.
 */
export async function validateAndForward(
  target: { emulatorUrl: string; direct: Agent; tempDir: string },
  file: string,
  requestCount: number,
): Promise<CreateBaseline> {
  const spoolFile = path.join(target.tempDir, "baseline-spool.json");
  const self = new ProcessMonitor(process.pid);
  self.start();
  self.begin("baseline");
  const start = performance.now();
  const spool = createWriteStream(spoolFile);
  let spooled = 0;
  let count = 0;
  const write = (text: string) => {
    spooled += Buffer.byteLength(text);
    spool.write(text);
  };
  write(BODY_PREFIX);
  const validator = new BatchFileValidator({
    format: "jsonl",
    onRequest: (canonical) => {
      write(count === 0 ? canonical : `,${canonical}`);
      count += 1;
    },
  });
  for await (const chunk of createReadStream(file)) {
    validator.push(chunk as Buffer);
    if (spool.writableNeedDrain) await new Promise<void>((resolve) => spool.once("drain", () => resolve()));
  }
  const summary = validator.end();
  write(BODY_SUFFIX);
  await new Promise<void>((resolve, reject) =>
    spool.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  const validated = performance.now();
  if (!summary.ok || summary.requests !== requestCount) {
    throw new BenchFailure(
      `baseline validation: ok=${summary.ok}, ${summary.requests} requests, problems ${JSON.stringify(summary.problems.slice(0, 3))}`,
    );
  }
  if (summary.bodyBytes !== spooled) {
    throw new BenchFailure(`baseline: validator counted ${summary.bodyBytes} body bytes, spooled ${spooled}`);
  }
  const answer = await call(
    "create (direct, baseline)",
    `${target.emulatorUrl}/v1/messages/batches`,
    target.direct,
    {
      method: "POST",
      headers: { ...DIRECT_HEADERS, "content-type": "application/json", "content-length": String(spooled) },
      body: createReadStream(spoolFile, { highWaterMark: 1 << 20 }),
    },
  );
  const end = performance.now();
  const stats = self.end();
  self.stop();
  await fs.rm(spoolFile, { force: true });
  return {
    totalMs: end - start,
    validateMs: validated - start,
    forwardMs: end - validated,
    bodyBytes: spooled,
    batch: asBatch(parseJson("create (baseline)", answer.text), "create (baseline)"),
    rssBeforeMb: mibToMb(stats.before),
    rssPeakMb: mibToMb(stats.peak),
    emulator: parseServerTiming(answer.headers["server-timing"]),
  };
}
