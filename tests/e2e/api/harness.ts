// The `api` Playwright project's harness: per spec file, an in-process emulator standing in for
// api.anthropic.com (it accepts exactly one random canary key), optionally a recording proxy in front of it,
// and the BUILT standalone dashboard as a child process in "real API mode" pointed at them. Every response the
// tests read and every byte the server prints are kept, so a spec can look for the canary in all of them.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from "node:http";
import { type AddressInfo, createServer as createNetServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Readable, Transform } from "node:stream";
import { Agent, type Dispatcher } from "undici";
import type { EmulatorOptions, RunningEmulator } from "../../../lib/emulator/options";
import { startEmulator } from "../../../lib/emulator/server";
import type { EmulatorStats, WireBatch, WireList } from "../../builders/wire";

export type { EmulatorStats, WireBatch, WireList } from "../../builders/wire";
export { BATCH_FIELDS, totalOf } from "../../builders/wire";

export const ROOT = resolve(__dirname, "..", "..", "..");
const SERVER_JS = join(ROOT, ".next", "standalone", "server.js");
const HTTP_TIMEOUTS = join(ROOT, "lib", "cli", "http-timeouts.cjs");
const BUILD_WAIT_MS = 40_000;
const HEALTH_WAIT_MS = 30_000;

/** A fresh key-shaped secret: if it shows up anywhere outside the server's memory, it leaked. */
export function makeCanary(label = "CANARY"): string {
  return `sk-ant-${label}-${randomBytes(18).toString("base64url")}`;
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** A port nobody listens on right now (also used as a dead upstream). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `batchboard-api-${prefix}-`));
}

/**
 * The standalone build is made by `npm test` / `npm run build` before Playwright runs. Another engineer may
 * be rebuilding right now (the file is missing for the length of a build), so wait a little before failing.
 */
async function waitForBuild(): Promise<void> {
  const deadline = Date.now() + BUILD_WAIT_MS;
  while (!existsSync(SERVER_JS)) {
    if (Date.now() > deadline) {
      throw new Error(
        `${SERVER_JS} is missing: the api tests run the BUILT standalone server. Run \`npm run build\` first ` +
          "(`npm test` does), or wait for a build in progress to finish.",
      );
    }
    await sleep(500);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Responses

export interface Reply {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  text: string;
  ms: number;
}

export interface ErrorEnvelope {
  error: {
    code: string;
    message: string;
    request_id?: string;
    retry_after?: number;
    problems?: { line: number; column?: number; code: string; message: string; field?: string }[];
    problem_count?: number;
  };
}

export function json<T = unknown>(reply: Reply): T {
  try {
    return JSON.parse(reply.text) as T;
  } catch {
    throw new Error(`${reply.method} ${reply.path} → ${reply.status}: not JSON: ${reply.text.slice(0, 300)}`);
  }
}

export function errorOf(reply: Reply): ErrorEnvelope["error"] {
  return json<ErrorEnvelope>(reply).error;
}

function flatHeaders(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>) {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export interface CallOptions {
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
  /** Mutating calls get the dashboard's own Origin unless this is false (or an origin header is given). */
  sameOrigin?: boolean;
  signal?: AbortSignal;
  /** Send on this dispatcher instead of the dashboard's shared pool (for calls that may spoil a connection). */
  dispatcher?: Dispatcher;
}

/** What a streamed read ended with: the bytes that arrived, and the error if the body broke. */
export interface StreamedReply {
  status: number;
  headers: Record<string, string>;
  received: string;
  error: Error | undefined;
}

// ---------------------------------------------------------------------------------------------------------
// The dashboard (standalone server as a child process)

export interface DashboardOptions {
  upstreamUrl: string;
  apiKey: string;
  /** Extra environment for the server. */
  env?: Record<string, string>;
  /** Start on this port and data directory, as a restart after a crash does; fresh ones by default. */
  port?: number;
  dataDir?: string;
}

export class Dashboard {
  readonly origin: string;
  readonly agent = new Agent({ connections: 16, keepAliveTimeout: 1_000 });
  /** Every response read through this client, for leak checks. */
  readonly replies: Reply[] = [];
  /** Everything the server printed, stdout and stderr interleaved. */
  readonly output: string[] = [];
  private exited: Promise<void>;

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly child: ChildProcess,
  ) {
    this.origin = `http://127.0.0.1:${port}`;
    child.stdout?.on("data", (chunk: Buffer) => this.output.push(chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => this.output.push(chunk.toString("utf8")));
    this.exited = new Promise((done) => child.once("exit", () => done()));
  }

  static async start(options: DashboardOptions): Promise<Dashboard> {
    await waitForBuild();
    // A build being rewritten under us makes the server die at start; one more try after a pause.
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? (await freePort());
      const dataDir = options.dataDir ?? tempDir("dash");
      const child = spawn(process.execPath, ["--require", HTTP_TIMEOUTS, SERVER_JS], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          PATH: process.env.PATH ?? "",
          NODE_ENV: "production",
          PORT: String(port),
          HOSTNAME: "127.0.0.1",
          ANTHROPIC_API_KEY: options.apiKey,
          ANTHROPIC_BASE_URL: options.upstreamUrl,
          BATCHBOARD_MODE: "anthropic",
          BATCHBOARD_DATA_DIR: dataDir,
          NEXT_TELEMETRY_DISABLED: "1",
          ...options.env,
        },
      });
      const dashboard = new Dashboard(port, dataDir, child);
      try {
        await dashboard.waitUntilHealthy();
        return dashboard;
      } catch (error) {
        await dashboard.stop({ keepData: options.dataDir !== undefined });
        if (attempt >= 2) throw error;
        await sleep(3_000);
        await waitForBuild();
      }
    }
  }

  private async waitUntilHealthy(): Promise<void> {
    const deadline = Date.now() + HEALTH_WAIT_MS;
    let exited = false;
    void this.exited.then(() => {
      exited = true;
    });
    while (Date.now() < deadline) {
      if (exited) break;
      try {
        const response = await this.agent.request({
          origin: this.origin,
          path: "/api/health",
          method: "GET",
          headersTimeout: 5_000,
        });
        await response.body.text();
        if (response.statusCode === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(
      `the dashboard on ${this.origin} did not become healthy${exited ? " (it exited)" : ""}; its output:\n${this.output.join("")}`,
    );
  }

  /** The server's process id, for reading its memory from /proc. */
  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s); resolves with its whole output. */
  async stop(options: { keepData?: boolean } = {}): Promise<string> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGTERM");
      const stopped = await Promise.race([this.exited.then(() => true), sleep(5_000).then(() => false)]);
      if (!stopped) {
        this.child.kill("SIGKILL");
        await this.exited;
      }
    }
    await this.agent.close().catch(() => undefined);
    if (!options.keepData) rmSync(this.dataDir, { recursive: true, force: true });
    return this.output.join("");
  }

  /** A crash: SIGKILL, no chance to clean up; the data directory stays for a restart. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    await this.exited;
    await this.agent.destroy().catch(() => undefined);
  }

  private requestOptions(method: string, path: string, options: CallOptions): Dispatcher.RequestOptions {
    const headers: Record<string, string> = { ...options.headers };
    const lower = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
    if (method !== "GET" && method !== "HEAD" && options.sameOrigin !== false && !lower.has("origin")) {
      headers.origin = this.origin;
    }
    return {
      origin: this.origin,
      path,
      method: method as Dispatcher.HttpMethod,
      headers,
      body: options.body,
      signal: options.signal,
      headersTimeout: 60_000,
      bodyTimeout: 60_000,
    };
  }

  /** One call with a raw request-target (no URL normalisation), read to the end and recorded. */
  async call(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
    const started = performance.now();
    const response = await (options.dispatcher ?? this.agent).request(
      this.requestOptions(method, path, options),
    );
    const text = await response.body.text();
    const reply: Reply = {
      method,
      path,
      status: response.statusCode,
      headers: flatHeaders(response.headers),
      text,
      ms: performance.now() - started,
    };
    this.replies.push(reply);
    return reply;
  }

  get(path: string, options: CallOptions = {}) {
    return this.call("GET", path, options);
  }

  /** POST /api/batches with the upload's required headers. */
  upload(
    body: string | Buffer | Readable,
    options: {
      contentType?: string;
      headers?: Record<string, string>;
      sameOrigin?: boolean;
      dispatcher?: Dispatcher;
    } = {},
  ): Promise<Reply> {
    return this.call("POST", "/api/batches", {
      body,
      sameOrigin: options.sameOrigin,
      dispatcher: options.dispatcher,
      headers: {
        "content-type": options.contentType ?? "application/x-ndjson",
        "x-dashboard-upload": "1",
        ...options.headers,
      },
    });
  }

  /** Starts reading a (results) body and returns once its first chunk is in: the test then stalls or crashes. */
  async firstChunk(path: string): Promise<{ first: Buffer; rest: AsyncIterator<Buffer> }> {
    const response = await this.agent.request(this.requestOptions("GET", path, {}));
    if (response.statusCode !== 200) throw new Error(`GET ${path} → ${response.statusCode}`);
    const rest = (response.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const first = await rest.next();
    if (first.done) throw new Error(`GET ${path}: an empty body`);
    return { first: first.value, rest };
  }

  /**
   * Reads a (results) body as a stream, stopping after `stopAfterBytes` if given (the caller then aborts).
   * A broken body surfaces as `error`, never as a short clean text.
   */
  async stream(
    path: string,
    options: { signal?: AbortSignal; onChunk?: (received: number) => void } = {},
  ): Promise<StreamedReply> {
    const response = await this.agent.request(this.requestOptions("GET", path, { signal: options.signal }));
    const headers = flatHeaders(response.headers);
    const chunks: Buffer[] = [];
    let size = 0;
    let error: Error | undefined;
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        size += chunk.length;
        options.onChunk?.(size);
      }
    } catch (caught) {
      error = caught instanceof Error ? caught : new Error(String(caught));
    }
    const received = Buffer.concat(chunks).toString("utf8");
    this.replies.push({ method: "GET", path, status: response.statusCode, headers, text: received, ms: 0 });
    return { status: response.statusCode, headers, received, error };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Recording proxy between the dashboard and the emulator

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}

export interface RecordingProxy {
  url: string;
  readonly requests: RecordedRequest[];
  /** Mutable: tests switch behaviours on and off while the proxy runs. */
  readonly options: ProxyOptions;
  /** Upstream exchanges still open (the dashboard's side of the connection not yet finished or closed). */
  active(): number;
  /** Bytes of padded results handed on toward the dashboard so far. */
  paddedBytes(): number;
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Headers added to every upstream answer (e.g. `set-cookie`) that must never reach the browser. */
  addResponseHeaders?: Record<string, string>;
  /** On any error answer, put the key the dashboard sent into the message (an upstream that echoes it). */
  echoKeyInErrors?: boolean;
  /** End a 200 results body cleanly (no error, a proper last chunk) after this many lines. */
  cleanCutResultsAfter?: number;
  /**
   * Pad every results line with this many spaces before its newline (still one valid JSON value a line), so
   * a modest batch makes a results body far larger than any socket buffer. Forwarded with backpressure.
   */
  padResultLines?: number;
}

/** A tiny loopback HTTP proxy that records the headers the dashboard sends upstream, then forwards them. */
export async function startRecordingProxy(
  target: string,
  options: ProxyOptions = {},
): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let active = 0;
  let padded = 0;
  const server = createServer((req, res) => {
    active += 1;
    res.once("close", () => {
      active -= 1;
    });
    const headers = flatHeaders(req.headers);
    requests.push({ method: req.method ?? "GET", path: req.url ?? "/", headers });
    const forwarded: OutgoingHttpHeaders = { ...req.headers, host: upstream.host };
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: forwarded,
      },
      (answer) => {
        const status = answer.statusCode ?? 502;
        const answerHeaders: OutgoingHttpHeaders = { ...answer.headers, ...options.addResponseHeaders };
        if (options.echoKeyInErrors && status >= 400) {
          const chunks: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => chunks.push(chunk));
          answer.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let envelope: { type?: string; error?: { type?: string; message?: string } };
            try {
              envelope = JSON.parse(text) as typeof envelope;
            } catch {
              envelope = { type: "error", error: { type: "api_error", message: text } };
            }
            const key = headers["x-api-key"] ?? "(none)";
            const error = {
              ...envelope.error,
              message: `${envelope.error?.message ?? ""} (key used: ${key})`,
            };
            const body = JSON.stringify({ ...envelope, error });
            answerHeaders["content-length"] = String(Buffer.byteLength(body));
            res.writeHead(status, answerHeaders);
            res.end(body);
          });
          return;
        }
        const padding = options.padResultLines;
        if (status === 200 && padding && /\/results(\?|$)/.test(req.url ?? "")) {
          delete answerHeaders["content-length"];
          res.writeHead(status, answerHeaders);
          const pad = " ".repeat(padding);
          const widen = new Transform({
            transform(chunk: Buffer, _encoding, done) {
              const out = Buffer.from(chunk.toString("latin1").split("\n").join(`${pad}\n`), "latin1");
              padded += out.length;
              done(null, out);
            },
          });
          answer.pipe(widen).pipe(res);
          res.once("close", () => answer.destroy());
          return;
        }
        const cutAfter = options.cleanCutResultsAfter;
        if (status === 200 && cutAfter !== undefined && /\/results(\?|$)/.test(req.url ?? "")) {
          delete answerHeaders["content-length"];
          res.writeHead(status, answerHeaders);
          let lines = 0;
          answer.on("data", (chunk: Buffer) => {
            if (res.writableEnded) return;
            let end = 0;
            while (lines < cutAfter) {
              const newline = chunk.indexOf(0x0a, end);
              if (newline === -1) break;
              end = newline + 1;
              lines += 1;
            }
            if (lines < cutAfter) {
              res.write(chunk);
              return;
            }
            res.end(chunk.subarray(0, end));
            answer.destroy();
          });
          answer.on("end", () => res.end());
          return;
        }
        res.writeHead(status, answerHeaders);
        answer.pipe(res);
        answer.on("error", () => res.destroy());
        answer.on("aborted", () => res.destroy());
      },
    );
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    options,
    active: () => active,
    paddedBytes: () => padded,
    async close() {
      await new Promise<void>((done) => {
        server.close(() => done());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The emulator, from the test's side

export class Upstream {
  private readonly agent = new Agent({ connections: 4 });

  constructor(
    /** An in-process emulator (replaced when the stack restarts it) or one in a child process. */
    public emulator: Pick<RunningEmulator, "url">,
    readonly apiKey: string,
  ) {}

  get url(): string {
    return this.emulator.url;
  }

  private async send(method: Dispatcher.HttpMethod, path: string, body?: string): Promise<unknown> {
    const response = await this.agent.request({
      origin: this.emulator.url,
      path,
      method,
      body,
      headers: {
        "x-api-key": this.apiKey,
        "anthropic-version": "2023-06-01",
        ...(body !== undefined && { "content-type": "application/json" }),
      },
    });
    const text = await response.body.text();
    if (response.statusCode !== 200)
      throw new Error(`emulator ${method} ${path} → ${response.statusCode}: ${text}`);
    return JSON.parse(text);
  }

  stats(): Promise<EmulatorStats> {
    return this.send("GET", "/_emulator/stats") as Promise<EmulatorStats>;
  }

  /** Queues faults for the next matching calls, e.g. `{ kind: "529", times: 2, route: "list" }`. */
  async queueFaults(
    ...faults: { kind: string; arg?: number; times?: number; route?: string }[]
  ): Promise<void> {
    await this.send("POST", "/_emulator/faults", JSON.stringify({ faults }));
  }

  async clearFaults(): Promise<void> {
    await this.send("DELETE", "/_emulator/faults");
  }

  /** The emulator's own newest-first list, straight from it (with the canary key). */
  async list(limit = 1000): Promise<WireList> {
    return (await this.send("GET", `/v1/messages/batches?limit=${limit}`)) as WireList;
  }

  async retrieve(id: string): Promise<WireBatch> {
    return (await this.send("GET", `/v1/messages/batches/${id}`)) as WireBatch;
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------------
// One stack per spec file

export interface StackOptions {
  emulator?: Partial<EmulatorOptions>;
  /** Put a recording proxy between the dashboard and the emulator. */
  proxy?: ProxyOptions;
}

export interface Stack {
  canary: string;
  upstream: Upstream;
  proxy: RecordingProxy | undefined;
  dashboard: Dashboard;
  /** Stops the emulator: the dashboard then meets a refused connection. */
  stopUpstream(): Promise<void>;
  /** Starts the emulator again on the same port and data directory, as a restart does. */
  startUpstream(): Promise<void>;
  /** Stops everything; resolves with the dashboard's whole output. */
  stop(): Promise<string>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const canary = makeCanary();
  const emulatorDir = tempDir("emu");
  const emulatorOptions = { host: "127.0.0.1", dataDir: emulatorDir, apiKey: canary, ...options.emulator };
  let emulator = await startEmulator({ port: 0, ...emulatorOptions });
  let upstreamRunning = true;
  const upstream = new Upstream(emulator, canary);
  let proxy: RecordingProxy | undefined;
  let dashboard: Dashboard | undefined;
  try {
    proxy = options.proxy ? await startRecordingProxy(emulator.url, options.proxy) : undefined;
    dashboard = await Dashboard.start({ upstreamUrl: proxy?.url ?? emulator.url, apiKey: canary });
  } catch (error) {
    await proxy?.close();
    await upstream.close();
    await emulator.close();
    rmSync(emulatorDir, { recursive: true, force: true });
    throw error;
  }
  const started = dashboard;
  return {
    canary,
    upstream,
    proxy,
    dashboard: started,
    async stopUpstream() {
      upstreamRunning = false;
      await emulator.close();
    },
    async startUpstream() {
      emulator = await startEmulator({ ...emulatorOptions, port: Number(new URL(emulator.url).port) });
      upstream.emulator = emulator;
      upstreamRunning = true;
    },
    async stop() {
      const output = await started.stop();
      await proxy?.close();
      await upstream.close();
      if (upstreamRunning) await emulator.close();
      rmSync(emulatorDir, { recursive: true, force: true });
      return output;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The ledger (security.md §5.1): what the dashboard journaled as created against what the upstream holds

interface JournalRecord {
  state: "pending" | "created" | "failed";
  batch?: { id: string };
}

/**
 * Every disagreement between the upstream's batches, the dashboard's create journal and the batches a
 * test saw created (from a reply or the page it landed on): a create left pending, a batch journaled twice,
 * a journaled batch the upstream lacks (lost), an upstream batch no create accounts for (a duplicate), a
 * batch the test saw that the journal lacks. Empty when they agree. Call it with the upstream running.
 */
export async function ledgerProblems(stack: Stack, created: readonly string[]): Promise<string[]> {
  const file = join(stack.dashboard.dataDir, "create-journal.json");
  const journal: Record<string, JournalRecord> = existsSync(file)
    ? JSON.parse(readFileSync(file, "utf8"))
    : {};
  const problems: string[] = [];
  const keyOf = new Map<string, string>();
  for (const [key, record] of Object.entries(journal)) {
    if (record.state === "pending") problems.push(`the create under key ${key} never settled`);
    const id = record.batch?.id;
    if (id === undefined) continue;
    const other = keyOf.get(id);
    if (other !== undefined) problems.push(`${id} is journaled under two keys, ${other} and ${key}`);
    keyOf.set(id, key);
  }
  const upstream = new Set((await stack.upstream.list()).data.map((batch) => batch.id));
  for (const id of keyOf.keys()) {
    if (!upstream.has(id)) problems.push(`${id} is journaled but the upstream does not have it (lost)`);
  }
  for (const id of upstream) {
    if (!keyOf.has(id)) problems.push(`${id} is upstream but no journaled create made it (duplicate)`);
  }
  for (const id of created) {
    if (!keyOf.has(id)) problems.push(`${id} was created in the test but is not journaled`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Request files

export const MODEL = "claude-sonnet-4-6";

/** One valid JSONL request object. */
export function requestOf(customId: string, content = `Say hello to ${customId}`): Record<string, unknown> {
  return {
    custom_id: customId,
    params: { model: MODEL, max_tokens: 32, messages: [{ role: "user", content }] },
  };
}

export function requestLine(customId: string): string {
  return JSON.stringify(requestOf(customId));
}

/** A JSONL file of `count` valid requests named `<prefix>-<n>`, with a final newline. */
export function jsonlFile(count: number, prefix = "req"): string {
  let text = "";
  for (let i = 1; i <= count; i++) text += `${requestLine(`${prefix}-${i}`)}\n`;
  return text;
}

/** Every place in `haystacks` where `needle` occurs, as short labelled excerpts. */
export function occurrences(needle: string, haystacks: { label: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const { label, text } of haystacks) {
    const at = text.indexOf(needle);
    if (at !== -1) found.push(`${label}: …${text.slice(Math.max(0, at - 40), at + needle.length + 20)}…`);
  }
  return found;
}

/** All replies of a dashboard as searchable text: status line, every header, and the body. */
export function replyTexts(dashboard: Dashboard): { label: string; text: string }[] {
  return dashboard.replies.map((reply) => ({
    label: `${reply.method} ${reply.path.slice(0, 80)} → ${reply.status}`,
    text: `${Object.entries(reply.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join("\n")}\n\n${reply.text}`,
  }));
}

/** Polls the dashboard until the batch has ended (bounded). */
export async function waitForEnded(dashboard: Dashboard, id: string, timeoutMs = 20_000): Promise<WireBatch> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await dashboard.get(`/api/batches/${id}`);
    if (reply.status !== 200) throw new Error(`retrieve ${id} → ${reply.status}: ${reply.text}`);
    const batch = json<WireBatch>(reply);
    if (batch.processing_status === "ended") return batch;
    if (Date.now() > deadline)
      throw new Error(`batch ${id} still ${batch.processing_status} after ${timeoutMs} ms`);
    await sleep(150);
  }
}
