import { isUtf8 } from "node:buffer";
import { open } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { pageOf, parseListQuery } from "./batch-list";
import { type BatchState, toWireBatch, zeroCounts } from "./batch-state";
import { withDefaults } from "./config";
import { MAX_BODY_BYTES, validateCreateBody } from "./create-body";
import { ApiError, batchNotFound, invalidRequest, notFound } from "./errors";
import { FaultQueue, parseFault, type RouteName } from "./faults";
import { baseHeaders, readBody, sendError, sendJson } from "./http";
import { BATCH_ID_PATTERN, newBatchId, newRequestId } from "./ids";
import type { EmulatorOptions, FaultSpec, RunningEmulator } from "./options";
import { Processor } from "./processor";
import { cutAfterLines } from "./results-stream";
import { BatchStore } from "./store";
import { nowMicros } from "./time";
import { TooDeepError, toWorkItem } from "./work-item";

const API_VERSIONS = new Set(["2023-06-01", "2026-10-21"]);
const COLLECTION = "/v1/messages/batches";

interface Route {
  name: RouteName;
  id?: string;
}

/** Which API operation a method and path name; `undefined` for anything the Batches API does not serve. */
function routeOf(method: string, pathname: string): Route | "method_not_allowed" | undefined {
  const path = pathname.replace(/\/+$/, "");
  if (path === COLLECTION) {
    if (method === "GET") return { name: "list" };
    if (method === "POST") return { name: "create" };
    return "method_not_allowed";
  }
  if (!path.startsWith(`${COLLECTION}/`)) return undefined;
  const [id, action, ...rest] = path.slice(COLLECTION.length + 1).split("/");
  if (!id || rest.length > 0) return undefined;
  const expected: Record<string, [string, RouteName][]> = {
    "": [
      ["GET", "retrieve"],
      ["DELETE", "delete"],
    ],
    cancel: [["POST", "cancel"]],
    results: [["GET", "results"]],
  };
  const verbs = expected[action ?? ""];
  if (!verbs) return undefined;
  const match = verbs.find(([verb]) => verb === method);
  return match ? { name: match[1], id: decodeURIComponent(id) } : "method_not_allowed";
}

class Emulator {
  readonly store: BatchStore;
  readonly processor: Processor;
  private readonly batches = new Map<string, BatchState>();
  /** Live batches, newest first. */
  private ordered: BatchState[] = [];
  private nextSeq = 1;
  private readonly faults = new FaultQueue();
  private readonly calls: Record<RouteName, number> = {
    create: 0,
    list: 0,
    retrieve: 0,
    cancel: 0,
    delete: 0,
    results: 0,
  };

  constructor(readonly options: EmulatorOptions) {
    this.store = new BatchStore(options.dataDir);
    this.processor = new Processor(options, this.store, () =>
      this.ordered.filter((batch) => batch.status === "ended"),
    );
  }

  async load(): Promise<void> {
    const { batches, unfinished } = await this.store.load();
    for (const batch of batches) this.batches.set(batch.id, batch);
    this.ordered = batches.sort((a, b) => b.seq - a.seq);
    this.nextSeq = Math.max(this.store.lastDeletedSeq(), ...batches.map((batch) => batch.seq)) + 1;
    for (const { state, pending } of unfinished) this.processor.add(state, pending);
    this.processor.start();
  }

  private find(id: string): BatchState {
    const batch = BATCH_ID_PATTERN.test(id) ? this.batches.get(id) : undefined;
    if (!batch) throw batchNotFound(id);
    return batch;
  }

  private origin(req: IncomingMessage, fallback: string): string {
    if (this.options.publicUrl) return this.options.publicUrl;
    const host = req.headers.host;
    return host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? `http://${host}` : fallback;
  }

  async handle(req: IncomingMessage, res: ServerResponse, selfUrl: string): Promise<void> {
    const requestId = newRequestId();
    try {
      const url = new URL(req.url ?? "/", "http://emulator");
      if (url.pathname.startsWith("/_emulator/")) return await this.admin(req, res, url.pathname, requestId);
      const route = routeOf(req.method ?? "GET", url.pathname);
      if (route === undefined) throw notFound("Not found");
      if (route === "method_not_allowed")
        throw new ApiError(405, "invalid_request_error", "Method Not Allowed");
      this.calls[route.name] += 1;

      const fault = this.faultFor(req, route.name);
      if (fault?.kind === "slow") await new Promise((resolve) => setTimeout(resolve, fault.arg ?? 5000));
      if (fault?.kind === "429") {
        const seconds = fault.arg ?? 1;
        throw new ApiError(
          429,
          "rate_limit_error",
          "Number of request tokens has exceeded your per-minute rate limit (emulated fault).",
          { "retry-after": String(seconds) },
        );
      }
      if (fault?.kind === "529") throw new ApiError(529, "overloaded_error", "Overloaded");
      if (fault?.kind === "500") throw new ApiError(500, "api_error", "Internal server error");
      this.authenticate(req);
      const version = req.headers["anthropic-version"];
      if (!version) throw invalidRequest("anthropic-version: header is required");
      if (typeof version !== "string" || !API_VERSIONS.has(version)) {
        throw invalidRequest(`anthropic-version: "${String(version)}" is not a valid version`);
      }
      // `hang` and `reset` lose the answer after the work is done, as a dropped connection does.
      const lost = fault?.kind === "hang" || fault?.kind === "reset" ? fault.kind : undefined;
      const answer = lost ? fakeResponse(res) : res;
      await this.dispatch(route, req, answer, url, version, requestId, selfUrl, fault);
      if (lost === "reset") req.socket.destroy();
    } catch (error) {
      // A client that went away mid-request needs no answer, and its abort is no emulator fault.
      if (req.destroyed && !req.complete) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof ApiError) return sendError(res, error, requestId);
      console.error("emulator: unexpected error", error);
      sendError(res, new ApiError(500, "api_error", "Internal server error"), requestId);
    }
  }

  private faultFor(req: IncomingMessage, route: RouteName): FaultSpec | undefined {
    const header = req.headers["x-emulator-fault"];
    if (typeof header === "string" && header) {
      try {
        return parseFault(header);
      } catch (error) {
        throw invalidRequest(`x-emulator-fault: ${(error as Error).message}`);
      }
    }
    const queued = this.faults.take(route);
    if (queued) return queued;
    const { faultRate, faults } = this.options;
    if (faultRate > 0 && faults.length > 0 && Math.random() < faultRate) {
      const fault = faults[Math.floor(Math.random() * faults.length)];
      if (fault && (fault.kind !== "cut" || route === "results")) return fault;
    }
    return undefined;
  }

  private authenticate(req: IncomingMessage): void {
    const header = req.headers["x-api-key"];
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const key = (typeof header === "string" && header) || bearer;
    if (!key) throw new ApiError(401, "authentication_error", "x-api-key header is required");
    if (this.options.apiKey !== undefined && key !== this.options.apiKey) {
      throw new ApiError(401, "authentication_error", "invalid x-api-key");
    }
  }

  private async dispatch(
    route: Route,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    version: string,
    requestId: string,
    selfUrl: string,
    fault: FaultSpec | undefined,
  ): Promise<void> {
    const wire = (state: BatchState) => toWireBatch(state, this.origin(req, selfUrl), this.options.counts);
    switch (route.name) {
      case "create": {
        const { batch, timing } = await this.create(req, version);
        return sendJson(res, 200, wire(batch), requestId, { "server-timing": timing });
      }
      case "list": {
        const query = parseListQuery(url.searchParams);
        const { page, ...rest } = pageOf(this.ordered, query, (id, cursor) => this.cursorSeq(id, cursor));
        return sendJson(res, 200, { data: page.map(wire), ...rest }, requestId);
      }
      case "retrieve":
        return sendJson(res, 200, wire(this.find(route.id ?? "")), requestId);
      case "cancel": {
        const batch = this.find(route.id ?? "");
        if (batch.status === "ended")
          throw invalidRequest(`Message Batch ${batch.id} has already ended and cannot be canceled.`);
        if (batch.status !== "in_progress") return sendJson(res, 200, wire(batch), requestId);
        this.processor.cancel(batch);
        // The answer is the batch as the cancel left it, whatever processing does while it is saved.
        const canceling = wire(batch);
        await this.store.save(batch);
        return sendJson(res, 200, canceling, requestId);
      }
      case "delete": {
        const batch = this.find(route.id ?? "");
        if (batch.status !== "ended") {
          throw invalidRequest(
            "In progress batches cannot be deleted. Consider canceling the batch instead.",
          );
        }
        this.batches.delete(batch.id);
        this.ordered = this.ordered.filter((candidate) => candidate !== batch);
        await this.store.remove(batch);
        return sendJson(res, 200, { id: batch.id, type: "message_batch_deleted" }, requestId);
      }
      case "results":
        return this.results(route.id ?? "", res, requestId, fault);
    }
  }

  private cursorSeq(id: string, cursor: "after_id" | "before_id"): number {
    const seq = this.batches.get(id)?.seq ?? this.store.deletedSeq(id);
    if (seq === undefined)
      throw invalidRequest(`${cursor}: no Message Batch with id ${id} exists in this workspace`);
    return seq;
  }

  /** Creates a batch; `timing` (a Server-Timing value) tells the upload apart from the emulator's own work. */
  private async create(
    req: IncomingMessage,
    version: string,
  ): Promise<{ batch: BatchState; timing: string }> {
    const started = performance.now();
    const raw = await readBody(req, MAX_BODY_BYTES);
    const received = performance.now();
    let body: unknown;
    try {
      // isUtf8 checks natively, far faster than a fatal TextDecoder, and toString then cannot substitute U+FFFD.
      if (!isUtf8(raw)) throw new SyntaxError("the body is not valid UTF-8");
      body = JSON.parse(raw.toString("utf8"));
    } catch (error) {
      throw invalidRequest(`The request body is not valid JSON: ${(error as Error).message}`);
    }
    const requests = validateCreateBody(body);
    const items = requests.map((request, i) => {
      try {
        return toWorkItem(request, version);
      } catch (error) {
        if (error instanceof TooDeepError) throw invalidRequest(`requests.${i}.params: nesting is too deep`);
        throw error;
      }
    });
    // Requests are worked through, and so reported, in an order unrelated to the input.
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [items[i], items[j]] = [items[j] as (typeof items)[number], items[i] as (typeof items)[number]];
    }
    const createdAt = nowMicros();
    const state: BatchState = {
      id: newBatchId(),
      seq: this.nextSeq++,
      createdAt,
      expiresAt: createdAt + this.options.windowMs * 1000,
      status: "in_progress",
      endedAt: null,
      cancelInitiatedAt: null,
      archivedAt: null,
      apiVersion: version,
      total: items.length,
      counts: zeroCounts(items.length),
    };
    await this.store.create(state, items);
    this.batches.set(state.id, state);
    this.ordered.unshift(state);
    this.processor.add(state, items);
    const handled = performance.now();
    return {
      batch: state,
      timing: `body;dur=${(received - started).toFixed(1)}, handle;dur=${(handled - received).toFixed(1)}`,
    };
  }

  private async results(id: string, res: ServerResponse, requestId: string, fault: FaultSpec | undefined) {
    const batch = this.find(id);
    const noResults = notFound(`Message Batch ${id} has no available results.`);
    if (batch.status !== "ended" || batch.archivedAt !== null) throw noResults;
    // Opened before the headers go out, so a file archived a moment ago still gets a clean 404.
    const file = await open(this.store.resultsFile(id)).catch(() => {
      throw noResults;
    });
    const source = file.createReadStream({ highWaterMark: 1 << 20 });
    res.writeHead(200, { ...baseHeaders(requestId), "content-type": "application/x-jsonl" });
    const cutAt = fault?.kind === "cut" ? (fault.arg ?? Math.floor(batch.total / 2)) : undefined;
    const body = cutAt === undefined ? source : source.pipe(cutAfterLines(cutAt, () => res.destroy()));
    body.pipe(res);
    source.on("error", () => res.destroy());
    res.on("close", () => source.destroy());
  }

  private async admin(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    requestId: string,
  ): Promise<void> {
    const route = `${req.method} ${path.replace(/\/+$/, "")}`;
    if (route === "GET /_emulator/health") return sendJson(res, 200, { ok: true }, requestId);
    if (route === "GET /_emulator/stats") {
      return sendJson(res, 200, { calls: this.calls, batches: this.batches.size }, requestId);
    }
    if (route === "DELETE /_emulator/faults") {
      this.faults.clear();
      return sendJson(res, 200, { queued: 0 }, requestId);
    }
    if (route === "POST /_emulator/faults") {
      try {
        const queued = this.faults.add(JSON.parse((await readBody(req, 1 << 20)).toString("utf8")));
        return sendJson(res, 200, { queued }, requestId);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw invalidRequest((error as Error).message);
      }
    }
    throw notFound("Not found");
  }
}

/** A response whose writes go nowhere: the work happens, the client never hears of it. */
function fakeResponse(real: ServerResponse): ServerResponse {
  return new Proxy(real, {
    get(target, key) {
      if (key === "writeHead" || key === "end" || key === "write") return () => target;
      if (key === "headersSent") return false;
      return Reflect.get(target, key, target);
    },
  });
}

/** Starts the emulator; it resumes whatever its data directory holds. */
export async function startEmulator(overrides: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  const options = withDefaults(overrides);
  const emulator = new Emulator(options);
  await emulator.load();
  const server: Server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 });
  let selfUrl = "";
  server.on("request", (req, res) => void emulator.handle(req, res, selfUrl));
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, 4096, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  selfUrl = `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${port}`;
  return {
    url: selfUrl,
    options: { ...options, port },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      await emulator.processor.stop();
    },
  };
}
