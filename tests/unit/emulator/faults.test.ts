/**
 * Fault injection and the admin routes: per-request `x-emulator-fault`, queued faults, random faults
 * (`faultRate`), and `/_emulator/stats` counting every call that reached a route.
 */
import { APIConnectionError, APIConnectionTimeoutError } from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ApiResponse,
  api,
  cleanupEmulators,
  clearFaults,
  createBatchRaw,
  getStats,
  makeRequests,
  queueFaults,
  REQUEST_ID,
  retrieveRaw,
  startTestEmulator,
  TEST_API_KEY,
  v1Client,
  type WireError,
  waitForEndedRaw,
} from "./helpers";

afterEach(cleanupEmulators);

const BATCHES = "/v1/messages/batches";

function expectFault(res: ApiResponse<unknown>, status: number, type: string): WireError {
  expect(res.status, res.text).toBe(status);
  expect(res.contentType?.split(";")[0]).toBe("application/json");
  const body = res.json as WireError;
  expect(body.type).toBe("error");
  expect(body.error.type).toBe(type);
  expect(res.requestId).toMatch(REQUEST_ID);
  expect(body.request_id).toBe(res.requestId);
  return body;
}

describe("faults: x-emulator-fault header", () => {
  it("answers 429 with retry-after, 529 overloaded and 500 api_error", async () => {
    const emu = await startTestEmulator();
    const created = await createBatchRaw(emu.url, makeRequests(1));
    const id = created.json.id;
    const fault = (value: string) => retrieveRaw(emu.url, id, { headers: { "x-emulator-fault": value } });

    const r429 = await fault("429");
    expectFault(r429, 429, "rate_limit_error");
    expect(r429.headers.get("retry-after")).toBe("1");
    const r429b = await fault("429=7");
    expectFault(r429b, 429, "rate_limit_error");
    expect(r429b.headers.get("retry-after")).toBe("7");

    const r529 = expectFault(await fault("529"), 529, "overloaded_error");
    expect(r529.error.message).toBe("Overloaded");

    expectFault(await fault("500"), 500, "api_error");

    // A create that is faulted creates nothing.
    const failedCreate = await createBatchRaw(emu.url, makeRequests(2), {
      headers: { "x-emulator-fault": "529" },
    });
    expectFault(failedCreate, 529, "overloaded_error");
    expect((await getStats(emu.url)).batches).toBe(1);
  });

  it("slow still answers normally; reset drops the connection; hang never sends headers", async () => {
    const emu = await startTestEmulator();
    const created = await createBatchRaw(emu.url, makeRequests(1));
    const id = created.json.id;

    const slow = await retrieveRaw(emu.url, id, { headers: { "x-emulator-fault": "slow=150" } });
    expect(slow.status).toBe(200);
    expect(slow.json.id).toBe(id);

    await expect(retrieveRaw(emu.url, id, { headers: { "x-emulator-fault": "reset" } })).rejects.toThrow();

    await expect(
      retrieveRaw(emu.url, id, { headers: { "x-emulator-fault": "hang" }, signal: AbortSignal.timeout(400) }),
    ).rejects.toThrow();

    // The SDK sees them as connection errors: reset → APIConnectionError, hang → timeout.
    const client = v1Client(emu.url, { timeout: 400 });
    await expect(
      client.messages.batches.retrieve(id, {}, { headers: { "x-emulator-fault": "reset" } }),
    ).rejects.toBeInstanceOf(APIConnectionError);
    await expect(
      client.messages.batches.retrieve(id, {}, { headers: { "x-emulator-fault": "hang" } }),
    ).rejects.toBeInstanceOf(APIConnectionTimeoutError);

    // The emulator is still fine afterwards.
    expect((await retrieveRaw(emu.url, id)).status).toBe(200);
  });

  it("cut destroys the results stream after N lines", async () => {
    const emu = await startTestEmulator();
    const created = await createBatchRaw(emu.url, makeRequests(30, "cut"));
    await waitForEndedRaw(emu.url, created.json.id);

    let received = "";
    let failed = false;
    try {
      const res = await fetch(`${emu.url}${BATCHES}/${created.json.id}/results`, {
        headers: {
          "x-api-key": TEST_API_KEY,
          "anthropic-version": "2023-06-01",
          "x-emulator-fault": "cut=3",
        },
      });
      const reader = res.body?.getReader();
      if (!reader) throw new Error("no body");
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
    const complete = received.split("\n").slice(0, -1);
    expect(complete.length).toBeLessThanOrEqual(3);
    for (const line of complete) expect(() => JSON.parse(line)).not.toThrow();

    // Without the fault the same stream is whole.
    const whole = await api(emu.url, `${BATCHES}/${created.json.id}/results`);
    expect(whole.text.trimEnd().split("\n")).toHaveLength(30);
  });
});

describe("faults: queue, clear and stats", () => {
  it("fires queued faults on their route the given number of times, and counts every call", async () => {
    const emu = await startTestEmulator();
    const created = await createBatchRaw(emu.url, makeRequests(1));
    const id = created.json.id;
    const before = await getStats(emu.url);
    expect(before.calls.create).toBe(1);
    expect(before.batches).toBe(1);

    await queueFaults(emu.url, [{ kind: "500", times: 2, route: "retrieve" }]);
    expect((await api(emu.url, BATCHES)).status).toBe(200); // other routes untouched
    expectFault(await retrieveRaw(emu.url, id), 500, "api_error");
    expectFault(await retrieveRaw(emu.url, id), 500, "api_error");
    expect((await retrieveRaw(emu.url, id)).status).toBe(200);

    await queueFaults(emu.url, [{ kind: "429", arg: 4, times: 1, route: "*" }]);
    const any = await api(emu.url, BATCHES);
    expectFault(any, 429, "rate_limit_error");
    expect(any.headers.get("retry-after")).toBe("4");
    expect((await api(emu.url, BATCHES)).status).toBe(200);

    await queueFaults(emu.url, [{ kind: "529", times: 100, route: "*" }]);
    await clearFaults(emu.url);
    expect((await retrieveRaw(emu.url, id)).status).toBe(200);

    const after = await getStats(emu.url);
    expect(after.calls.retrieve - before.calls.retrieve).toBe(4);
    expect(after.calls.list - before.calls.list).toBe(3);
    expect(after.calls.create).toBe(1);
    expect(after.calls.cancel).toBe(0);
    expect(after.calls.delete).toBe(0);
    expect(after.calls.results).toBe(0);
    expect(after.batches).toBe(1);
  });

  it("faultRate 1 faults every API call but not the admin routes", async () => {
    const emu = await startTestEmulator({ faultRate: 1, faults: [{ kind: "529" }] });
    expectFault(await api(emu.url, BATCHES), 529, "overloaded_error");
    expectFault(await createBatchRaw(emu.url, makeRequests(1)), 529, "overloaded_error");
    const health = await fetch(`${emu.url}/_emulator/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const stats = await getStats(emu.url);
    expect(stats.batches).toBe(0);
    expect(stats.calls.list).toBe(1);
    expect(stats.calls.create).toBe(1);
  });
});
