/**
 * The widely pinned SDK 0.60.0: `client.beta.messages.batches` (paths with `?beta=true`, header
 * `anthropic-beta: message-batches-2024-09-24`), `x-api-key` auth and `anthropic-version: 2023-06-01`;
 * plus its non-beta `client.messages.batches`.
 */
import type Anthropic0 from "anthropic-sdk-0x";
import {
  type APIError,
  AuthenticationError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from "anthropic-sdk-0x";
import { afterEach, describe, expect, it } from "vitest";
import {
  BATCH_FIELDS,
  BATCH_ID,
  type BatchRequest,
  cleanupEmulators,
  getStats,
  makeRequests,
  queueFaults,
  REQUEST_ID,
  type RecordedCall,
  RFC3339_MICROS,
  recordingFetch,
  sleep,
  startTestEmulator,
  TEST_API_KEY,
  textRequest,
  totalOf,
  v0Client,
  type WireError,
  waitForEnded,
} from "./helpers";

type BetaCreateRequests = Anthropic0.Beta.Messages.BatchCreateParams["requests"];
type CreateRequests = Anthropic0.Messages.BatchCreateParams["requests"];

afterEach(cleanupEmulators);

async function rejectionOf(promise: PromiseLike<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (err) {
    return err as APIError;
  }
  throw new Error("expected the call to fail");
}

function expectOldSdkHeaders(call: RecordedCall) {
  expect(call.headers.get("x-api-key")).toBe(TEST_API_KEY);
  expect(call.headers.get("authorization")).toBeNull();
  expect(call.headers.get("anthropic-version")).toBe("2023-06-01");
}

describe("SDK 0.60.0: client.beta.messages.batches", () => {
  it("runs the whole life of a batch over ?beta=true paths", async () => {
    // Two requests in flight for 1-3 s when the cancel arrives; the other eight never start.
    const emu = await startTestEmulator({ rate: 100, latencyMs: 2000, concurrency: 2, counts: "final" });
    const calls: RecordedCall[] = [];
    const client = v0Client(emu.url, { fetch: recordingFetch(calls) });
    const batches = client.beta.messages.batches;
    const requests = makeRequests(10, "beta");

    const created = await batches.create({ requests: requests as unknown as BetaCreateRequests });
    expect(Object.keys(created).sort()).toEqual([...BATCH_FIELDS]);
    expect(created.id).toMatch(BATCH_ID);
    expect(created.type).toBe("message_batch");
    expect(created.processing_status).toBe("in_progress");
    expect(created.request_counts.processing).toBe(10);
    expect(created._request_id).toMatch(REQUEST_ID);
    await sleep(100); // let the first two requests get in flight

    const got = await batches.retrieve(created.id);
    expect(got.id).toBe(created.id);
    expect(got.created_at).toBe(created.created_at);

    const listed: string[] = [];
    for await (const b of batches.list({ limit: 5 })) listed.push(b.id);
    expect(listed).toEqual([created.id]);

    const canceling = await batches.cancel(created.id);
    expect(canceling.processing_status).toBe("canceling");
    expect(canceling.cancel_initiated_at).toMatch(RFC3339_MICROS);

    const ended = await waitForEnded(() => batches.retrieve(created.id));
    expect(ended.request_counts.processing).toBe(0);
    expect(ended.request_counts.canceled).toBeGreaterThan(0);
    expect(totalOf(ended.request_counts)).toBe(10);
    expect(ended.results_url).toBe(`${emu.url}/v1/messages/batches/${created.id}/results`);

    const lines: Array<{ custom_id: string; result: { type: string } }> = [];
    for await (const line of await batches.results(created.id)) lines.push(line);
    expect(lines).toHaveLength(10);
    expect(lines.map((l) => l.custom_id).sort()).toEqual(requests.map((r) => r.custom_id).sort());
    expect(lines.filter((l) => l.result.type === "canceled")).toHaveLength(ended.request_counts.canceled);

    const deleted = await batches.delete(created.id);
    expect({ ...deleted }).toEqual({ id: created.id, type: "message_batch_deleted" });
    const gone = await rejectionOf(batches.retrieve(created.id));
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone.status).toBe(404);
    expect(gone.requestID).toMatch(REQUEST_ID);
    expect((gone.error as WireError).request_id).toBe(gone.requestID);
    expect((gone.error as WireError).error.type).toBe("not_found_error");

    // What went on the wire: every batch call but the results download carried the beta header, and
    // create/retrieve/cancel/delete used ?beta=true. (0.60's list replaces the path's query with its own
    // query object, so its list calls go out as plain `?limit=5`.)
    expect(calls.length).toBeGreaterThanOrEqual(8);
    for (const call of calls) {
      expectOldSdkHeaders(call);
      const url = new URL(call.url);
      expect(url.origin).toBe(emu.url);
      if (url.pathname.endsWith("/results")) {
        expect(url.searchParams.has("beta")).toBe(false);
        expect(call.headers.get("accept")).toBe("application/binary");
      } else {
        expect(call.headers.get("anthropic-beta")).toContain("message-batches-2024-09-24");
        if (!(call.method === "GET" && url.pathname === "/v1/messages/batches")) {
          expect(url.searchParams.get("beta")).toBe("true");
        }
      }
    }
    const withBeta = calls.filter((c) => new URL(c.url).searchParams.get("beta") === "true");
    expect(withBeta.length).toBeGreaterThanOrEqual(5);
    const kinds = new Set(
      calls.map((c) => `${c.method} ${new URL(c.url).pathname.replace(created.id, ":id")}`),
    );
    expect(kinds).toEqual(
      new Set([
        "POST /v1/messages/batches",
        "GET /v1/messages/batches/:id",
        "GET /v1/messages/batches",
        "POST /v1/messages/batches/:id/cancel",
        "GET /v1/messages/batches/:id/results",
        "DELETE /v1/messages/batches/:id",
      ]),
    );
  });

  it("auto-paginates the beta list with the cursor queries the SDK builds", async () => {
    const emu = await startTestEmulator();
    const calls: RecordedCall[] = [];
    const client = v0Client(emu.url, { fetch: recordingFetch(calls) });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const b = await client.beta.messages.batches.create({
        requests: [textRequest(`p-${i}`)] as unknown as BetaCreateRequests,
      });
      ids.push(b.id);
    }
    calls.length = 0;
    const seen: string[] = [];
    for await (const b of client.beta.messages.batches.list({ limit: 2 })) seen.push(b.id);
    expect(seen).toEqual([...ids].reverse());
    expect(calls).toHaveLength(3);
    const queries = calls.map((c) => new URL(c.url).searchParams);
    for (const [i, q] of queries.entries()) {
      expect(q.get("limit")).toBe("2");
      expect(calls[i]?.headers.get("anthropic-beta")).toContain("message-batches-2024-09-24");
    }
    expect(queries[1]?.get("after_id")).toBe(ids[3]);
    expect(queries[2]?.get("after_id")).toBe(ids[1]);
  });
});

describe("SDK 0.60.0: client.messages.batches", () => {
  it("runs create, retrieve, list, results and delete over the plain paths", async () => {
    const emu = await startTestEmulator();
    const calls: RecordedCall[] = [];
    const client = v0Client(emu.url, { fetch: recordingFetch(calls) });
    const batches = client.messages.batches;
    const requests: BatchRequest[] = [
      ...makeRequests(4, "plain"),
      textRequest("plain-bad", { model: "nope-1" }),
    ];

    const created = await batches.create({ requests: requests as unknown as CreateRequests });
    expect(Object.keys(created).sort()).toEqual([...BATCH_FIELDS]);
    expect(created.processing_status).toBe("in_progress");
    expect(created.request_counts.processing).toBe(5);

    const ended = await waitForEnded(() => batches.retrieve(created.id));
    expect(ended.request_counts).toEqual({
      processing: 0,
      succeeded: 4,
      errored: 1,
      canceled: 0,
      expired: 0,
    });

    const listed: string[] = [];
    for await (const b of batches.list()) listed.push(b.id);
    expect(listed).toEqual([created.id]);

    const lines = [];
    for await (const line of await batches.results(created.id)) lines.push(line);
    expect(lines).toHaveLength(5);
    const bad = lines.find((l) => l.custom_id === "plain-bad");
    expect(bad?.result.type).toBe("errored");
    if (bad?.result.type === "errored") expect(bad.result.error.error.type).toBe("not_found_error");
    for (const l of lines) {
      if (l.custom_id !== "plain-bad") {
        expect(l.result.type).toBe("succeeded");
        if (l.result.type === "succeeded") expect(l.result.message.usage.service_tier).toBe("batch");
      }
    }

    expect({ ...(await batches.delete(created.id)) }).toEqual({
      id: created.id,
      type: "message_batch_deleted",
    });
    expect(await rejectionOf(batches.retrieve(created.id))).toBeInstanceOf(NotFoundError);

    for (const call of calls) {
      expectOldSdkHeaders(call);
      expect(new URL(call.url).searchParams.has("beta")).toBe(false);
      expect(call.headers.get("anthropic-beta")).toBeNull();
    }
  });

  it("maps errors to 0.60's classes and honours retry-after on a 429", async () => {
    const emu = await startTestEmulator();
    const client = v0Client(emu.url);

    const unauth = await rejectionOf(
      v0Client(emu.url, { apiKey: "sk-ant-wrong" }).beta.messages.batches.list(),
    );
    expect(unauth).toBeInstanceOf(AuthenticationError);
    expect(unauth.status).toBe(401);

    // 0.60 has no OverloadedError: a 529 is an InternalServerError with the body kept.
    const overloaded = await rejectionOf(
      client.beta.messages.batches.list({}, { headers: { "x-emulator-fault": "529" } }),
    );
    expect(overloaded).toBeInstanceOf(InternalServerError);
    expect(overloaded.status).toBe(529);
    expect(overloaded.requestID).toMatch(REQUEST_ID);
    const body = overloaded.error as WireError;
    expect(body.error).toEqual({ type: "overloaded_error", message: "Overloaded" });
    expect(body.request_id).toBe(overloaded.requestID);

    const limited = await rejectionOf(
      client.messages.batches.list({}, { headers: { "x-emulator-fault": "429=3" } }),
    );
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited.headers?.get("retry-after")).toBe("3");

    await queueFaults(emu.url, [{ kind: "429", arg: 1, times: 1, route: "list" }]);
    const before = await getStats(emu.url);
    const retrying = v0Client(emu.url, { maxRetries: 1 });
    const started = Date.now();
    const page = await retrying.beta.messages.batches.list();
    expect(page.data).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const after = await getStats(emu.url);
    expect(after.calls.list - before.calls.list).toBe(2);
  });
});
