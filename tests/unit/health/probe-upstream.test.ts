import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { probeUpstream } from "../../../lib/health/probe-upstream";

interface Seen {
  url: string | undefined;
  headers: IncomingHttpHeaders;
}

let server: Server | undefined;

/** A one-route upstream that answers `status`, or never answers when `status` is null. */
async function fakeUpstream(status: number | null): Promise<{ baseUrl: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers });
    if (status === null) return;
    res.writeHead(status, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/`, seen };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe("probeUpstream", () => {
  it("asks the emulator's health route and needs a 2xx", async () => {
    const { baseUrl, seen } = await fakeUpstream(200);
    const status = await probeUpstream({ mode: "emulator", baseUrl, apiKey: undefined, timeoutMs: 2000 });
    expect(status.reachable).toBe(true);
    expect(status.latency_ms).toBeGreaterThanOrEqual(0);
    expect(seen[0]?.url).toBe("/_emulator/health");
  });

  it("calls an emulator that answers 404 unreachable", async () => {
    const { baseUrl } = await fakeUpstream(404);
    const status = await probeUpstream({ mode: "emulator", baseUrl, apiKey: undefined, timeoutMs: 2000 });
    expect(status.reachable).toBe(false);
  });

  it("counts any HTTP answer from the real API, even 401, and sends the key and version", async () => {
    const { baseUrl, seen } = await fakeUpstream(401);
    const status = await probeUpstream({ mode: "anthropic", baseUrl, apiKey: "sk-test", timeoutMs: 2000 });
    expect(status.reachable).toBe(true);
    expect(seen[0]?.url).toBe("/v1/messages/batches?limit=1");
    expect(seen[0]?.headers["x-api-key"]).toBe("sk-test");
    expect(seen[0]?.headers["anthropic-version"]).toBe("2023-06-01");
  });

  it("gives up after the timeout", async () => {
    const { baseUrl } = await fakeUpstream(null);
    const started = Date.now();
    const status = await probeUpstream({ mode: "anthropic", baseUrl, apiKey: "sk-test", timeoutMs: 200 });
    expect(status).toEqual({ reachable: false, latency_ms: null });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("reports a refused connection as unreachable", async () => {
    const { baseUrl } = await fakeUpstream(200);
    server?.close();
    const status = await probeUpstream({ mode: "emulator", baseUrl, apiKey: undefined, timeoutMs: 2000 });
    expect(status).toEqual({ reachable: false, latency_ms: null });
  });
});
