/**
 * Shared plumbing for the emulator tests: start/stop an emulator on a fresh temp data dir, SDK client
 * factories (1.x and 0.x), a raw `fetch` helper that adds auth/version headers, and small wire types.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Anthropic, { type ClientOptions } from "@anthropic-ai/sdk";
import Anthropic0, { type ClientOptions as ClientOptions0 } from "anthropic-sdk-0x";
import type { EmulatorOptions, FaultSpec, RunningEmulator } from "@/lib/emulator/options";
import { startEmulator } from "@/lib/emulator/server";

export const TEST_API_KEY = "sk-ant-api03-test-key-for-the-emulator";
export const PROJECT_ROOT = fileURLToPath(new URL("../../..", import.meta.url)).replace(/\/+$/, "");
export const TSX_BIN = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");

/* ------------------------------------------------------------------------------------------------ */
/* Wire types (what the API sends, unparsed by any SDK)                                              */
/* ------------------------------------------------------------------------------------------------ */

import type { EmulatorStats, WireBatch } from "../../builders/wire";

export type { EmulatorStats, WireBatch, WireList, WireRequestCounts } from "../../builders/wire";
export { BATCH_FIELDS, totalOf } from "../../builders/wire";

export interface WireError {
  type: "error";
  error: { type: string; message: string };
  request_id: string | null;
}

export interface WireMessage {
  id: string;
  type: string;
  role: string;
  model: string;
  content: Array<{ type: string; text?: string }>;
  stop_reason: string | null;
  stop_sequence: string | null;
  usage: { input_tokens: number; output_tokens: number; service_tier?: string | null };
}

export type WireResult =
  | { type: "succeeded"; message: WireMessage }
  | { type: "errored"; error: WireError }
  | { type: "canceled" }
  | { type: "expired" };

export interface WireResultLine {
  custom_id: string;
  result: WireResult;
}

export const COUNT_FIELDS = ["canceled", "errored", "expired", "processing", "succeeded"] as const;

/** RFC 3339, UTC, exactly six fractional digits, `Z`. */
export const RFC3339_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
export const BATCH_ID = /^msgbatch_01[A-Za-z0-9]{10,}$/;
export const REQUEST_ID = /^req_[A-Za-z0-9_-]{8,}$/;

/** Microseconds since the epoch of an RFC 3339 timestamp with 6 fractional digits (exact, no float loss). */
export function toMicros(ts: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{6})Z$/.exec(ts);
  if (!m?.[1] || !m[2]) throw new Error(`not an RFC 3339 timestamp with microseconds: ${ts}`);
  return Date.parse(`${m[1]}Z`) * 1000 + Number(m[2]);
}

/* ------------------------------------------------------------------------------------------------ */
/* Starting and stopping emulators                                                                   */
/* ------------------------------------------------------------------------------------------------ */

export interface TestEmulator {
  url: string;
  dataDir: string;
  emulator: RunningEmulator;
  /** Idempotent: closing twice (e.g. in a test and again in afterEach) is fine. */
  close(): Promise<void>;
}

const tempDirs = new Set<string>();
const openEmulators = new Set<TestEmulator>();

export async function makeTempDir(prefix = "batchboard-emu-"): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/**
 * Flat out in practice. `rate: Infinity` is the documented way to say it, but it is exercised by its own
 * test in wire.test.ts rather than by every test, so that one processing bug cannot stall the whole suite.
 */
export const FAST_RATE = 1_000_000;

/**
 * Starts an emulator on 127.0.0.1, port 0, a fresh temp data dir (unless `dataDir` is given), fast
 * processing, and `TEST_API_KEY` as the only accepted key (pass `apiKey: undefined` for open mode).
 */
export async function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const dataDir = options.dataDir ?? (await makeTempDir());
  const emulator = await startEmulator({
    host: "127.0.0.1",
    port: 0,
    rate: FAST_RATE,
    latencyMs: 5,
    concurrency: 32,
    apiKey: TEST_API_KEY,
    faultRate: 0,
    faults: [],
    ...options,
    dataDir,
  });
  let closing: Promise<void> | undefined;
  const handle: TestEmulator = {
    url: emulator.url.replace(/\/+$/, ""),
    dataDir,
    emulator,
    close() {
      closing ??= emulator.close().finally(() => openEmulators.delete(handle));
      return closing;
    },
  };
  openEmulators.add(handle);
  return handle;
}

/** For afterEach: closes every emulator still open and removes every temp dir. */
export async function cleanupEmulators(): Promise<void> {
  const pending = [...openEmulators].map((e) => e.close());
  await Promise.allSettled(pending);
  const dirs = [...tempDirs];
  tempDirs.clear();
  await Promise.allSettled(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
}

/* ------------------------------------------------------------------------------------------------ */
/* SDK clients                                                                                       */
/* ------------------------------------------------------------------------------------------------ */

export function v1Client(url: string, options: ClientOptions = {}): Anthropic {
  return new Anthropic({ apiKey: TEST_API_KEY, baseURL: url, maxRetries: 0, ...options });
}

export function v0Client(url: string, options: ClientOptions0 = {}): Anthropic0 {
  return new Anthropic0({ apiKey: TEST_API_KEY, baseURL: url, maxRetries: 0, ...options });
}

export interface RecordedCall {
  method: string;
  url: string;
  headers: Headers;
  at: number;
}

/** A `fetch` for the SDK's `fetch` option that records what went on the wire and changes nothing. */
export function recordingFetch(calls: RecordedCall[]): typeof fetch {
  return (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    calls.push({
      method: init?.method ?? "GET",
      url,
      headers: new Headers(init?.headers),
      at: Date.now(),
    });
    return fetch(input, init);
  };
}

/* ------------------------------------------------------------------------------------------------ */
/* Request builders                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

export interface BatchRequest {
  custom_id: string;
  params: Record<string, unknown>;
}

export const MODEL = "claude-haiku-4-5";

export function textRequest(customId: string, params: Record<string, unknown> = {}): BatchRequest {
  return {
    custom_id: customId,
    params: {
      model: MODEL,
      max_tokens: 64,
      messages: [{ role: "user", content: `Say something about ${customId}` }],
      ...params,
    },
  };
}

export function makeRequests(n: number, prefix = "req"): BatchRequest[] {
  return Array.from({ length: n }, (_, i) => textRequest(`${prefix}-${i}`));
}

/** The SDKs' request type is stricter than what tests need to send (bad params on purpose). */
export function asSdkRequests(requests: BatchRequest[]): Anthropic.Messages.BatchCreateParams.Request[] {
  return requests as unknown as Anthropic.Messages.BatchCreateParams.Request[];
}

/* ------------------------------------------------------------------------------------------------ */
/* Raw HTTP                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

export interface ApiInit {
  method?: string;
  /** An object is sent as JSON with `content-type: application/json`; a string is sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** `null` sends no key at all. Default `TEST_API_KEY`. */
  apiKey?: string | null;
  /** How the key is sent. Default `x-api-key`. */
  auth?: "x-api-key" | "bearer";
  /** `null` sends no `anthropic-version`. Default `2023-06-01`. */
  version?: string | null;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body, or `undefined` if it was not JSON. */
  json: T;
  requestId: string | null;
  contentType: string | null;
}

export async function api<T = unknown>(
  base: string,
  route: string,
  init: ApiInit = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  const apiKey = init.apiKey === undefined ? TEST_API_KEY : init.apiKey;
  if (apiKey !== null) {
    if (init.auth === "bearer") headers.authorization = `Bearer ${apiKey}`;
    else headers["x-api-key"] = apiKey;
  }
  const version = init.version === undefined ? "2023-06-01" : init.version;
  if (version !== null) headers["anthropic-version"] = version;
  let body: string | undefined;
  if (typeof init.body === "string") body = init.body;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["content-type"] = "application/json";
  }
  Object.assign(headers, init.headers);
  const res = await fetch(`${base}${route}`, {
    method: init.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
    signal: init.signal,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: json as T,
    requestId: res.headers.get("request-id"),
    contentType: res.headers.get("content-type"),
  };
}

export function createBatchRaw(base: string, requests: BatchRequest[], init: ApiInit = {}) {
  return api<WireBatch>(base, "/v1/messages/batches", { ...init, method: "POST", body: { requests } });
}

export function retrieveRaw(base: string, id: string, init: ApiInit = {}) {
  return api<WireBatch>(base, `/v1/messages/batches/${id}`, init);
}

/** Parses a JSONL body strictly: no blank lines, at most one trailing `\n`. */
export function parseJsonl(text: string): WireResultLine[] {
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  if (body === "") return [];
  return body.split("\n").map((line) => JSON.parse(line) as WireResultLine);
}

export async function getStats(base: string): Promise<EmulatorStats> {
  const res = await fetch(`${base}/_emulator/stats`);
  if (res.status !== 200) throw new Error(`stats: ${res.status} ${await res.text()}`);
  return (await res.json()) as EmulatorStats;
}

export interface QueuedFault extends FaultSpec {
  times?: number;
  route?: "create" | "list" | "retrieve" | "cancel" | "delete" | "results" | "*";
}

export async function queueFaults(base: string, faults: QueuedFault[]): Promise<void> {
  const res = await fetch(`${base}/_emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ faults }),
  });
  if (res.status !== 200) throw new Error(`queue faults: ${res.status} ${await res.text()}`);
  await res.arrayBuffer().catch(() => undefined);
}

export async function clearFaults(base: string): Promise<void> {
  const res = await fetch(`${base}/_emulator/faults`, { method: "DELETE" });
  if (res.status !== 200) throw new Error(`clear faults: ${res.status} ${await res.text()}`);
  await res.arrayBuffer().catch(() => undefined);
}

/** Sends a request with `node:http`, for what `fetch` cannot do (declared lengths, early answers). */
export function rawHttp(
  base: string,
  options: {
    method: string;
    path: string;
    headers: Record<string, string | number>;
    body?: (req: http.ClientRequest) => void;
  },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (options.body) options.body(req);
    else req.end();
  });
}

/* ------------------------------------------------------------------------------------------------ */
/* Polling                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function pollUntil<T>(
  fn: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 30_000, intervalMs = 50, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value)}`);
    }
    await sleep(intervalMs);
  }
}

/** Polls `retrieve` until the batch is `ended`. Works with SDK clients and with raw calls. */
export function waitForEnded<B extends { processing_status: string }>(
  retrieve: () => Promise<B>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<B> {
  return pollUntil(retrieve, (b) => b.processing_status === "ended", {
    ...options,
    what: "processing_status=ended",
  });
}

/** `waitForEnded` over raw HTTP. */
export function waitForEndedRaw(
  base: string,
  id: string,
  options: { timeoutMs?: number; intervalMs?: number } = {},
) {
  return waitForEnded(async () => {
    const res = await retrieveRaw(base, id);
    if (res.status !== 200) throw new Error(`retrieve ${id}: ${res.status} ${res.text}`);
    return res.json;
  }, options);
}

/* ------------------------------------------------------------------------------------------------ */
/* Child processes                                                                                   */
/* ------------------------------------------------------------------------------------------------ */

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed after `timeoutMs`), collecting its output. */
export function runChild(
  command: string,
  args: string[],
  { env, timeoutMs = 50_000 }: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: PROJECT_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** An environment for child processes without any Anthropic credentials or endpoints of the host. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("ANTHROPIC_") && !k.startsWith("EMULATOR_")) env[k] = v;
  }
  return { ...env, ...extra } as NodeJS.ProcessEnv;
}
