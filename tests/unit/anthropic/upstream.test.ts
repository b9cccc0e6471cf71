import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunningEmulator } from "@/lib/emulator/options";
import { startEmulator } from "@/lib/emulator/server";

const KEY = "sk-ant-test-upstream-key-0001";
let emulator: RunningEmulator;
let dataDir: string;
let upstream: typeof import("@/lib/anthropic/batches");

async function emulatorJson(path: string, init?: RequestInit) {
  return (await fetch(`${emulator.url}${path}`, init)).json();
}

const queueFaults = (faults: unknown[]) =>
  emulatorJson("/_emulator/faults", { method: "POST", body: JSON.stringify({ faults }) });

const calls = async (): Promise<Record<string, number>> => (await emulatorJson("/_emulator/stats")).calls;

function jsonBody(requests: unknown[]) {
  const text = JSON.stringify({ requests });
  return { open: () => Readable.from([Buffer.from(text)]), length: Buffer.byteLength(text) };
}

const request = (id: string) => ({
  custom_id: id,
  params: { model: "claude-haiku-4-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] },
});

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "upstream-test-"));
  emulator = await startEmulator({ port: 0, dataDir, apiKey: KEY, rate: 1_000_000, latencyMs: 0 });
  vi.stubEnv("ANTHROPIC_API_KEY", KEY);
  vi.stubEnv("ANTHROPIC_BASE_URL", emulator.url);
  vi.resetModules();
  upstream = await import("@/lib/anthropic/batches");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await emulator.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the upstream client against the emulator", () => {
  it("sends the server's key and pinned version, and checks every answer's shape", async () => {
    const created = await upstream.createBatch(jsonBody([request("a"), request("b")]));
    expect(created).toMatchObject({ type: "message_batch", processing_status: "in_progress" });
    const fetched = await upstream.retrieveBatch(created.id);
    expect(fetched.id).toBe(created.id);
    const page = await upstream.listBatches({ limit: 20 });
    expect(page.data.map((batch) => batch.id)).toContain(created.id);
  });

  it("shares one upstream call among identical concurrent reads", async () => {
    const created = await upstream.createBatch(jsonBody([request("c")]));
    const before = (await calls()).retrieve ?? 0;
    const results = await Promise.all(Array.from({ length: 20 }, () => upstream.retrieveBatch(created.id)));
    expect(new Set(results.map((batch) => batch.id))).toEqual(new Set([created.id]));
    expect(((await calls()).retrieve ?? 0) - before).toBe(1);
  });

  it("retries a read through 529 and a short 429, and gives up fast on a long retry-after", async () => {
    await queueFaults([
      { kind: "529", times: 1, route: "list" },
      { kind: "429", arg: 0, times: 1, route: "list" },
    ]);
    const before = (await calls()).list ?? 0;
    await upstream.listBatches({ limit: 5 });
    expect(((await calls()).list ?? 0) - before).toBe(3);

    await queueFaults([{ kind: "429", arg: 3600, times: 1, route: "list" }]);
    const started = Date.now();
    const error = await upstream.listBatches({ limit: 6 }).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toMatchObject({ failure: "http", status: 429, retryAfterMs: 3_600_000 });
  });

  it("retries a create refused with 529, and never one whose answer was lost", async () => {
    const stats = async () => (await emulatorJson("/_emulator/stats")) as { batches: number };
    const before = (await stats()).batches;
    await queueFaults([{ kind: "529", times: 1, route: "create" }]);
    await upstream.createBatch(jsonBody([request("d")]));
    expect((await stats()).batches - before).toBe(1);

    await queueFaults([{ kind: "reset", times: 1, route: "create" }]);
    const error = await upstream.createBatch(jsonBody([request("e")])).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ failure: "socket" });
    // The reset hid a success: exactly one more batch, and no second attempt made another.
    expect((await stats()).batches - before).toBe(2);
  });

  it("maps an unknown id to a typed error with the upstream request id", async () => {
    const missing = await upstream
      .retrieveBatch("msgbatch_01doesnotexist")
      .catch((caught: unknown) => caught);
    expect(missing).toMatchObject({ failure: "http", status: 404, type: "not_found_error" });
    expect((missing as { requestId?: string }).requestId).toMatch(/^req_/);
  });

  it("reports a rejected key as an upstream authentication error", async () => {
    vi.stubEnv("ANTHROPIC_API_KEY", "sk-ant-not-the-right-key");
    vi.resetModules();
    const wrongKey = await import("@/lib/anthropic/batches");
    const error = await wrongKey.listBatches({ limit: 1 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ failure: "http", status: 401, type: "authentication_error" });
    vi.stubEnv("ANTHROPIC_API_KEY", KEY);
  });

  it("reports an unreachable upstream as a connect failure", async () => {
    vi.stubEnv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9");
    vi.resetModules();
    const unreachable = await import("@/lib/anthropic/batches");
    const error = await unreachable.retrieveBatch("msgbatch_01x").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ failure: "connect" });
    vi.stubEnv("ANTHROPIC_BASE_URL", emulator.url);
  });

  it("refuses plain http to anything but loopback, so the key never crosses a network in clear", async () => {
    vi.stubEnv("ANTHROPIC_BASE_URL", "http://api.example.test");
    vi.resetModules();
    const insecure = await import("@/lib/anthropic/batches");
    const error = await insecure.retrieveBatch("msgbatch_01x").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "misconfigured" });
    vi.stubEnv("ANTHROPIC_BASE_URL", emulator.url);
  });
});
