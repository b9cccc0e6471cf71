/**
 * The emulator on the wire, with raw `fetch` (and `node:http` where fetch cannot say it): headers,
 * object shapes, timestamps, JSONL format, synchronous create validation, auth, versions, list limits
 * and the two counting modes. See docs/batches-api.md §13 ("EMULATOR MUST").
 */
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ApiResponse,
  api,
  BATCH_FIELDS,
  BATCH_ID,
  type BatchRequest,
  COUNT_FIELDS,
  cleanupEmulators,
  createBatchRaw,
  getStats,
  makeRequests,
  parseJsonl,
  pollUntil,
  REQUEST_ID,
  RFC3339_MICROS,
  rawHttp,
  retrieveRaw,
  sleep,
  startTestEmulator,
  TEST_API_KEY,
  textRequest,
  toMicros,
  totalOf,
  type WireBatch,
  type WireError,
  type WireList,
  waitForEndedRaw,
} from "./helpers";

afterEach(cleanupEmulators);

const BATCHES = "/v1/messages/batches";

function mediaType(contentType: string | null): string | undefined {
  return contentType?.split(";")[0]?.trim().toLowerCase();
}

/** Checks the error envelope, its status/type/message, and that header and body carry the same request id. */
function expectApiError(res: ApiResponse<unknown>, status: number, type: string, message?: string | RegExp) {
  expect(res.status, res.text).toBe(status);
  expect(mediaType(res.contentType)).toBe("application/json");
  const body = res.json as WireError;
  expect(Object.keys(body).sort()).toEqual(["error", "request_id", "type"]);
  expect(body.type).toBe("error");
  expect(body.error.type).toBe(type);
  expect(typeof body.error.message).toBe("string");
  if (typeof message === "string") expect(body.error.message).toBe(message);
  else if (message) expect(body.error.message).toMatch(message);
  expect(res.requestId).toMatch(REQUEST_ID);
  expect(body.request_id).toBe(res.requestId);
}

function expectJson200(res: ApiResponse<unknown>) {
  expect(res.status, res.text).toBe(200);
  expect(mediaType(res.contentType)).toBe("application/json");
  expect(res.requestId).toMatch(REQUEST_ID);
}

async function expectNothingCreated(url: string) {
  expect((await getStats(url)).batches).toBe(0);
  const list = await api<WireList>(url, BATCHES);
  expectJson200(list);
  expect(list.json).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
}

describe("wire: headers on every response", () => {
  it("sends a unique req_ request-id everywhere (errors and results stream too) and the right content-type", async () => {
    const emu = await startTestEmulator();
    const ids: string[] = [];
    const json = (res: ApiResponse<unknown>) => {
      expect(mediaType(res.contentType), `${res.status} ${res.text}`).toBe("application/json");
      expect(res.requestId).toMatch(REQUEST_ID);
      ids.push(res.requestId as string);
    };

    const created = await createBatchRaw(emu.url, makeRequests(3));
    json(created);
    expect(created.status).toBe(200);
    const id = created.json.id;
    json(await retrieveRaw(emu.url, id));
    json(await api(emu.url, BATCHES));
    await waitForEndedRaw(emu.url, id);

    const results = await api(emu.url, `${BATCHES}/${id}/results`);
    expect(results.status).toBe(200);
    expect(mediaType(results.contentType)).toBe("application/x-jsonl");
    expect(results.requestId).toMatch(REQUEST_ID);
    ids.push(results.requestId as string);

    const errors: Array<ApiResponse<unknown>> = [
      await retrieveRaw(emu.url, "msgbatch_01DoesNotExist00000000"),
      await api(emu.url, BATCHES, { method: "POST", body: { requests: [] } }),
      await api(emu.url, BATCHES, { apiKey: null }),
      await api(emu.url, BATCHES, { apiKey: "sk-ant-wrong" }),
      await api(emu.url, BATCHES, { version: null }),
      await api(emu.url, `${BATCHES}?limit=0`),
      await api(emu.url, `${BATCHES}/${id}/cancel`, { method: "POST" }),
      await api(emu.url, `${BATCHES}/${id}`, { headers: { "x-emulator-fault": "429" } }),
      await api(emu.url, `${BATCHES}/${id}`, { headers: { "x-emulator-fault": "500" } }),
      await api(emu.url, `${BATCHES}/${id}`, { headers: { "x-emulator-fault": "529" } }),
    ];
    for (const res of errors) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      json(res);
      expect((res.json as WireError).request_id).toBe(res.requestId);
    }

    const deleted = await api(emu.url, `${BATCHES}/${id}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    json(deleted);
    const gone = await api(emu.url, `${BATCHES}/${id}/results`);
    expectApiError(gone, 404, "not_found_error", `Message Batch ${id} not found.`);
    ids.push(gone.requestId as string);

    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("wire: objects", () => {
  it("sends all ten batch fields with explicit nulls and integer counts summing to N", async () => {
    const emu = await startTestEmulator({ rate: 1, counts: "final" });
    const created = await createBatchRaw(emu.url, makeRequests(6));
    expectJson200(created);
    const raw = JSON.parse(created.text) as Record<string, unknown>;
    expect(Object.keys(raw).sort()).toEqual([...BATCH_FIELDS]);
    for (const key of ["ended_at", "archived_at", "cancel_initiated_at", "results_url"]) {
      expect(raw, key).toHaveProperty(key, null);
    }
    const batch = created.json;
    expect(batch.id).toMatch(BATCH_ID);
    expect(batch.type).toBe("message_batch");
    expect(batch.processing_status).toBe("in_progress");
    expect(Object.keys(batch.request_counts).sort()).toEqual([...COUNT_FIELDS]);
    for (const v of Object.values(batch.request_counts)) expect(Number.isInteger(v)).toBe(true);
    expect(batch.request_counts).toEqual({
      processing: 6,
      succeeded: 0,
      errored: 0,
      canceled: 0,
      expired: 0,
    });

    const retrieved = await retrieveRaw(emu.url, batch.id);
    expectJson200(retrieved);
    expect(Object.keys(JSON.parse(retrieved.text) as object).sort()).toEqual([...BATCH_FIELDS]);

    const page = await api<WireList>(emu.url, BATCHES);
    expectJson200(page);
    expect(Object.keys(page.json).sort()).toEqual(["data", "first_id", "has_more", "last_id"]);
    expect(page.json.data).toHaveLength(1);
    expect(Object.keys(page.json.data[0] as object).sort()).toEqual([...BATCH_FIELDS]);
    expect(page.json.first_id).toBe(batch.id);
    expect(page.json.last_id).toBe(batch.id);
    expect(page.json.has_more).toBe(false);
  });

  it("sets expires_at = created_at + the window (24 h by default), to the microsecond", async () => {
    const defaults = await startTestEmulator();
    const a = await createBatchRaw(defaults.url, makeRequests(1));
    expectJson200(a);
    expect(toMicros(a.json.expires_at) - toMicros(a.json.created_at)).toBe(86_400_000_000);

    const hour = await startTestEmulator({ windowMs: 3_600_000 });
    const b = await createBatchRaw(hour.url, makeRequests(1));
    expectJson200(b);
    expect(toMicros(b.json.expires_at) - toMicros(b.json.created_at)).toBe(3_600_000_000);
  });

  it("writes every timestamp as RFC 3339 UTC with six fractional digits and Z", async () => {
    const emu = await startTestEmulator({ rate: 2, concurrency: 1 });
    const created = await createBatchRaw(emu.url, makeRequests(8));
    expectJson200(created);
    const { id } = created.json;
    const canceling = await api<WireBatch>(emu.url, `${BATCHES}/${id}/cancel`, { method: "POST" });
    expectJson200(canceling);
    const ended = await waitForEndedRaw(emu.url, id);
    for (const ts of [ended.created_at, ended.expires_at, ended.ended_at, ended.cancel_initiated_at]) {
      expect(ts).toMatch(RFC3339_MICROS);
      expect(Number.isNaN(Date.parse(ts as string))).toBe(false);
    }
    expect(toMicros(ended.created_at)).toBeLessThanOrEqual(toMicros(ended.cancel_initiated_at as string));
    expect(toMicros(ended.cancel_initiated_at as string)).toBeLessThanOrEqual(
      toMicros(ended.ended_at as string),
    );
  });

  it("sets archived_at at created_at + retention, keeps the batch visible, and then answers results with 404", async () => {
    const emu = await startTestEmulator({ retentionMs: 1500 });
    const created = await createBatchRaw(emu.url, makeRequests(2));
    expectJson200(created);
    const { id } = created.json;
    const ended = await waitForEndedRaw(emu.url, id);
    expect(ended.archived_at).toBeNull();
    const before = await api(emu.url, `${BATCHES}/${id}/results`);
    expect(before.status).toBe(200);

    const archived = await pollUntil(
      async () => (await retrieveRaw(emu.url, id)).json,
      (b) => b.archived_at !== null,
      { timeoutMs: 15_000, intervalMs: 100, what: "archived_at" },
    );
    expect(archived.archived_at).toMatch(RFC3339_MICROS);
    expect(toMicros(archived.archived_at as string) - toMicros(archived.created_at)).toBe(1500 * 1000);
    expect(archived.processing_status).toBe("ended");
    const after = await api(emu.url, `${BATCHES}/${id}/results`);
    expectApiError(after, 404, "not_found_error");
  });
});

describe("wire: results", () => {
  it("streams one compact JSON object per line, no blank lines, not in input order", async () => {
    const emu = await startTestEmulator({ concurrency: 8 });
    const requests = makeRequests(50, "line");
    const created = await createBatchRaw(emu.url, requests);
    expectJson200(created);
    const ended = await waitForEndedRaw(emu.url, created.json.id);
    expect(ended.results_url).toBe(`${emu.url}${BATCHES}/${created.json.id}/results`);

    const res = await api(emu.url, `${BATCHES}/${created.json.id}/results`);
    expect(res.status).toBe(200);
    expect(mediaType(res.contentType)).toBe("application/x-jsonl");
    expect(res.requestId).toMatch(REQUEST_ID);

    const text = res.text;
    expect(text.startsWith("\n")).toBe(false);
    expect(text).not.toContain("\r");
    expect(text).not.toMatch(/\n\s*\n/);
    expect(text.endsWith("\n\n")).toBe(false);
    const rawLines = (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
    expect(rawLines).toHaveLength(50);
    for (const line of rawLines) {
      expect(line.trim()).toBe(line);
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(JSON.stringify(parsed)).toBe(line);
      expect(Object.keys(parsed).sort()).toEqual(["custom_id", "result"]);
    }
    const lines = parseJsonl(text);
    const order = lines.map((l) => l.custom_id);
    expect(new Set(order).size).toBe(50);
    expect([...order].sort()).toEqual(requests.map((r) => r.custom_id).sort());
    expect(order).not.toEqual(requests.map((r) => r.custom_id));
    for (const l of lines) expect(l.result.type).toBe("succeeded");
  });

  it("answers results with 404 'has no available results.' while the batch is in progress", async () => {
    const emu = await startTestEmulator({ rate: 1, concurrency: 1 });
    const created = await createBatchRaw(emu.url, makeRequests(10));
    expectJson200(created);
    const { id } = created.json;
    const res = await api(emu.url, `${BATCHES}/${id}/results`);
    expectApiError(res, 404, "not_found_error", `Message Batch ${id} has no available results.`);
  });

  it("builds results_url on publicUrl when it is set", async () => {
    const emu = await startTestEmulator({ publicUrl: "https://batches.example.test:8443" });
    const created = await createBatchRaw(emu.url, makeRequests(1));
    const ended = await waitForEndedRaw(emu.url, created.json.id);
    expect(ended.results_url).toBe(`https://batches.example.test:8443${BATCHES}/${created.json.id}/results`);
  });
});

describe("wire: synchronous create validation", () => {
  const okParams = { model: "claude-haiku-4-5", max_tokens: 1, messages: [{ role: "user", content: "x" }] };
  const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
  const overLimit = JSON.stringify({
    requests: Array.from({ length: 100_001 }, (_, i) => ({ custom_id: `r${i}`, params: okParams })),
  });

  const cases: Array<{
    name: string;
    body: unknown;
    status?: number;
    type?: string;
    message?: string | RegExp;
  }> = [
    {
      name: "duplicate custom_id",
      body: { requests: [textRequest("dup"), textRequest("fine"), textRequest("dup")] },
      message: "requests: custom_id's must be unique within a batch. Duplicate custom_id found: dup",
    },
    {
      name: "custom_id with bad characters",
      body: { requests: [textRequest("has space")] },
      message: "requests.0.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'",
    },
    {
      name: "bad custom_id at index 2",
      body: { requests: [textRequest("a"), textRequest("b"), textRequest("c.d")] },
      message: "requests.2.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'",
    },
    {
      name: "custom_id of 65 characters",
      body: { requests: [textRequest("a".repeat(65))] },
      message: "requests.0.custom_id: String should have at most 64 characters",
    },
    {
      name: "missing custom_id",
      body: { requests: [{ params: okParams }] },
      message: "requests.0.custom_id: Field required",
    },
    {
      name: "missing params",
      body: { requests: [textRequest("fine"), { custom_id: "no-params" }] },
      message: "requests.1.params: Field required",
    },
    {
      name: "empty requests",
      body: { requests: [] },
      message: "requests: List should have at least 1 item after validation, not 0",
    },
    { name: "no requests key", body: {}, message: /requests/ },
    { name: "requests not a list", body: { requests: "nope" }, message: /requests/ },
    {
      name: "100,001 requests",
      body: overLimit,
      message: "requests: List should have at most 100000 items after validation, not 100001",
    },
    {
      name: "extra per-request key",
      body: { requests: [{ ...textRequest("x"), foo: 1 }] },
      message: "requests.0.foo: Extra inputs are not permitted",
    },
    {
      name: "extra top-level key",
      body: { requests: [textRequest("x")], foo: 1 },
      message: /Extra inputs are not permitted/,
    },
    { name: "body not JSON", body: '{"requests": [', message: /^The request body is not valid JSON/ },
    {
      name: "too deeply nested body",
      body: `{"requests":[{"custom_id":"deep","params":{"model":"claude-haiku-4-5","max_tokens":1,"messages":[{"role":"user","content":"x"}],"metadata":${deep}}}]}`,
    },
  ];

  it.each(cases)("rejects $name with 400 invalid_request_error and creates nothing", async (c) => {
    const emu = await startTestEmulator();
    const res = await api(emu.url, BATCHES, {
      method: "POST",
      body: c.body,
      headers: { "content-type": "application/json" },
    });
    expectApiError(res, c.status ?? 400, c.type ?? "invalid_request_error", c.message);
    await expectNothingCreated(emu.url);
  });

  it("accepts a custom_id of exactly 64 allowed characters", async () => {
    const emu = await startTestEmulator();
    const id = `${"aZ09_-".repeat(10)}abcd`;
    expect(id).toHaveLength(64);
    const res = await createBatchRaw(emu.url, [textRequest(id)]);
    expectJson200(res);
  });

  async function sendHuge(url: string, total: number, declareLength: boolean) {
    const u = new URL(url);
    return new Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }>(
      (resolve, reject) => {
        const headers: Record<string, string> = {
          "content-type": "application/json",
          "x-api-key": TEST_API_KEY,
          "anthropic-version": "2023-06-01",
        };
        if (declareLength) headers["content-length"] = String(total);
        const req = http.request({ host: u.hostname, port: u.port, method: "POST", path: BATCHES, headers });
        let answered = false;
        req.on("response", (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            resolve({
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString("utf8"),
              headers: res.headers,
            });
            req.destroy();
          });
          res.on("error", reject);
        });
        req.on("error", (err) => {
          if (!answered) reject(err);
        });
        const chunk = Buffer.alloc(1 << 20, 0x20);
        let sent = 0;
        const pump = () => {
          while (!answered && sent < total) {
            const n = Math.min(chunk.length, total - sent);
            sent += n;
            if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
              req.once("drain", pump);
              return;
            }
          }
          if (!answered) req.end();
        };
        pump();
      },
    );
  }

  it("answers a body over 256,000,000 bytes with 413 request_too_large", async () => {
    const emu = await startTestEmulator();
    const res = await sendHuge(emu.url, 256_000_001, true);
    expect(res.status).toBe(413);
    expect(mediaType(res.headers["content-type"] ?? null)).toBe("application/json");
    const body = JSON.parse(res.text) as WireError;
    expect(body.type).toBe("error");
    expect(body.error.type).toBe("request_too_large");
    expect(res.headers["request-id"]).toMatch(REQUEST_ID);
    expect(body.request_id).toBe(res.headers["request-id"]);
    await expectNothingCreated(emu.url);
  });

  it("answers a chunked body that grows past 256,000,000 bytes with 413 too", async () => {
    const emu = await startTestEmulator();
    const res = await sendHuge(emu.url, 256_000_001 + (1 << 20), false);
    expect(res.status).toBe(413);
    expect((JSON.parse(res.text) as WireError).error.type).toBe("request_too_large");
    await expectNothingCreated(emu.url);
  });
});

describe("wire: auth and versions", () => {
  it("with apiKey set, accepts it as x-api-key or Bearer and rejects a missing or wrong key with 401", async () => {
    const emu = await startTestEmulator({ apiKey: TEST_API_KEY });
    expectJson200(await api(emu.url, BATCHES, { auth: "x-api-key" }));
    expectJson200(await api(emu.url, BATCHES, { auth: "bearer" }));
    expectApiError(await api(emu.url, BATCHES, { apiKey: null }), 401, "authentication_error");
    expectApiError(await api(emu.url, BATCHES, { apiKey: "sk-ant-wrong" }), 401, "authentication_error");
    expectApiError(
      await api(emu.url, BATCHES, { apiKey: "sk-ant-wrong", auth: "bearer" }),
      401,
      "authentication_error",
    );
    expectApiError(
      await api(emu.url, BATCHES, { method: "POST", body: { requests: [textRequest("a")] }, apiKey: "nope" }),
      401,
      "authentication_error",
    );
    // Admin routes need no key.
    const health = await fetch(`${emu.url}/_emulator/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    await expectNothingCreated(emu.url);
  });

  it("in open mode accepts any key in either header but still rejects a missing one", async () => {
    const emu = await startTestEmulator({ apiKey: undefined });
    expectJson200(await api(emu.url, BATCHES, { apiKey: "sk-anything" }));
    expectJson200(await api(emu.url, BATCHES, { apiKey: "another-thing", auth: "bearer" }));
    expectApiError(await api(emu.url, BATCHES, { apiKey: null }), 401, "authentication_error");
  });

  it("requires anthropic-version, accepts both versions, and ignores anthropic-beta values", async () => {
    const emu = await startTestEmulator();
    expectApiError(
      await api(emu.url, BATCHES, { version: null }),
      400,
      "invalid_request_error",
      "anthropic-version: header is required",
    );
    expectJson200(await api(emu.url, BATCHES, { version: "2023-06-01" }));
    expectJson200(await api(emu.url, BATCHES, { version: "2026-10-21" }));
    const created = await createBatchRaw(emu.url, makeRequests(1), {
      version: "2026-10-21",
      headers: {
        "anthropic-beta": "message-batches-2024-09-24,some-future-beta-2099-01-01",
        "x-stainless-retry-count": "0",
        "anthropic-workspace-id": "wrkspc_01Test",
      },
    });
    expectJson200(created);
  });
});

describe("wire: queries, methods and statuses", () => {
  it("ignores ?beta=true and unknown query keys on every route", async () => {
    // Two of the three requests are in flight (0.5-1.5 s) when the cancel arrives.
    const emu = await startTestEmulator({ rate: 100, latencyMs: 1000, concurrency: 2 });
    const q = "?beta=true&utm_source=test&foo=bar";
    const created = await api<WireBatch>(emu.url, `${BATCHES}${q}`, {
      method: "POST",
      body: { requests: makeRequests(3) },
    });
    expectJson200(created);
    const { id } = created.json;
    expect(id).toMatch(BATCH_ID);
    await sleep(100); // let requests get in flight
    const got = await api<WireBatch>(emu.url, `${BATCHES}/${id}${q}`);
    expectJson200(got);
    expect(got.json.id).toBe(id);
    const list = await api<WireList>(emu.url, `${BATCHES}${q}&limit=5`);
    expectJson200(list);
    expect(list.json.data.map((b) => b.id)).toEqual([id]);
    const cancel = await api<WireBatch>(emu.url, `${BATCHES}/${id}/cancel${q}`, { method: "POST" });
    expectJson200(cancel);
    expect(cancel.json.processing_status).toBe("canceling");
    await waitForEndedRaw(emu.url, id);
    const results = await api(emu.url, `${BATCHES}/${id}/results${q}`);
    expect(results.status).toBe(200);
    expect(parseJsonl(results.text)).toHaveLength(3);
    const del = await api(emu.url, `${BATCHES}/${id}${q}`, { method: "DELETE" });
    expectJson200(del);
    expect(del.json).toEqual({ id, type: "message_batch_deleted" });
  });

  it("accepts a cancel POST with an empty body and no content-type", async () => {
    // Every request of both batches is in flight for 1.5-4.5 s, so both stay `canceling` for a while.
    const emu = await startTestEmulator({ rate: 100, latencyMs: 3000, concurrency: 20 });
    const a = await createBatchRaw(emu.url, makeRequests(5, "a"));
    const b = await createBatchRaw(emu.url, makeRequests(5, "b"));
    await sleep(100); // let requests get in flight

    // As the SDK sends it: fetch with no body (content-length: 0, no content-type).
    const viaFetch = await api<WireBatch>(emu.url, `${BATCHES}/${a.json.id}/cancel`, { method: "POST" });
    expectJson200(viaFetch);
    expect(viaFetch.json.processing_status).toBe("canceling");

    // Bare node:http: no content-type, no body.
    const viaHttp = await rawHttp(emu.url, {
      method: "POST",
      path: `${BATCHES}/${b.json.id}/cancel`,
      headers: { "x-api-key": TEST_API_KEY, "anthropic-version": "2023-06-01" },
    });
    expect(viaHttp.status).toBe(200);
    expect((JSON.parse(viaHttp.text) as WireBatch).processing_status).toBe("canceling");
  });

  it("answers 200 (never 201/204) to create, retrieve, list, cancel, results and delete", async () => {
    const emu = await startTestEmulator({ rate: 1, concurrency: 1 });
    const created = await createBatchRaw(emu.url, makeRequests(4));
    expect(created.status).toBe(200);
    const { id } = created.json;
    expect((await retrieveRaw(emu.url, id)).status).toBe(200);
    expect((await api(emu.url, BATCHES)).status).toBe(200);
    expect((await api(emu.url, `${BATCHES}/${id}/cancel`, { method: "POST" })).status).toBe(200);
    await waitForEndedRaw(emu.url, id);
    expect((await api(emu.url, `${BATCHES}/${id}/results`)).status).toBe(200);
    const del = await api(emu.url, `${BATCHES}/${id}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(del.text.length).toBeGreaterThan(0);
  });

  it("refuses cancel on an ended batch, delete on an in-progress one, and 404s unknown ids", async () => {
    const emu = await startTestEmulator({ rate: 1, concurrency: 1 });
    const slow = await createBatchRaw(emu.url, makeRequests(5, "slow"));
    const slowId = slow.json.id;
    expectApiError(
      await api(emu.url, `${BATCHES}/${slowId}`, { method: "DELETE" }),
      400,
      "invalid_request_error",
      "In progress batches cannot be deleted. Consider canceling the batch instead.",
    );
    expect((await retrieveRaw(emu.url, slowId)).status).toBe(200);

    await api(emu.url, `${BATCHES}/${slowId}/cancel`, { method: "POST" });
    await waitForEndedRaw(emu.url, slowId);
    expectApiError(
      await api(emu.url, `${BATCHES}/${slowId}/cancel`, { method: "POST" }),
      400,
      "invalid_request_error",
    );

    const unknown = "msgbatch_01UnknownBatch000000000";
    const msg = `Message Batch ${unknown} not found.`;
    expectApiError(await retrieveRaw(emu.url, unknown), 404, "not_found_error", msg);
    expectApiError(
      await api(emu.url, `${BATCHES}/${unknown}/cancel`, { method: "POST" }),
      404,
      "not_found_error",
      msg,
    );
    expectApiError(
      await api(emu.url, `${BATCHES}/${unknown}`, { method: "DELETE" }),
      404,
      "not_found_error",
      msg,
    );
    expectApiError(await api(emu.url, `${BATCHES}/${unknown}/results`), 404, "not_found_error", msg);
  });
});

describe("wire: list", () => {
  it("defaults to 20 newest first, accepts 1..1000 and refuses 0, 1001 and junk with 400", async () => {
    const emu = await startTestEmulator({ rate: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) ids.push((await createBatchRaw(emu.url, [textRequest(`l${i}`)])).json.id);
    const newestFirst = [...ids].reverse();

    const page = await api<WireList>(emu.url, BATCHES);
    expectJson200(page);
    expect(page.json.data.map((b) => b.id)).toEqual(newestFirst.slice(0, 20));
    expect(page.json.has_more).toBe(true);
    expect(page.json.first_id).toBe(newestFirst[0]);
    expect(page.json.last_id).toBe(newestFirst[19]);

    const rest = await api<WireList>(emu.url, `${BATCHES}?after_id=${page.json.last_id}`);
    expect(rest.json.data.map((b) => b.id)).toEqual([newestFirst[20]]);
    expect(rest.json.has_more).toBe(false);

    const one = await api<WireList>(emu.url, `${BATCHES}?limit=1`);
    expectJson200(one);
    expect(one.json.data.map((b) => b.id)).toEqual([newestFirst[0]]);
    expect(one.json.has_more).toBe(true);
    const max = await api<WireList>(emu.url, `${BATCHES}?limit=1000`);
    expectJson200(max);
    expect(max.json.data).toHaveLength(21);
    expect(max.json.has_more).toBe(false);

    for (const bad of ["0", "1001", "-1", "abc"]) {
      expectApiError(await api(emu.url, `${BATCHES}?limit=${bad}`), 400, "invalid_request_error");
    }
  });

  it("handles both cursors and the SDK's carried-forward query", async () => {
    const emu = await startTestEmulator();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await createBatchRaw(emu.url, [textRequest(`c${i}`)])).json.id);
    // Newest first L = c6 c5 c4 c3 c2 c1 c0.
    const after = await api<WireList>(emu.url, `${BATCHES}?limit=2&after_id=${ids[5]}`);
    expect(after.json.data.map((b) => b.id)).toEqual([ids[4], ids[3]]);
    expect(after.json.has_more).toBe(true);
    expect(after.json.first_id).toBe(ids[4]);
    expect(after.json.last_id).toBe(ids[3]);

    const before = await api<WireList>(emu.url, `${BATCHES}?limit=2&before_id=${ids[2]}`);
    expect(before.json.data.map((b) => b.id)).toEqual([ids[4], ids[3]]);
    expect(before.json.has_more).toBe(true);

    const beforeEnd = await api<WireList>(emu.url, `${BATCHES}?limit=2&before_id=${ids[5]}`);
    expect(beforeEnd.json.data.map((b) => b.id)).toEqual([ids[6]]);
    expect(beforeEnd.json.has_more).toBe(false);

    // As 0.137 sends it: the path's ?beta=true merged with the cursor query.
    const merged = await api<WireList>(emu.url, `${BATCHES}?beta=true&limit=2&after_id=${ids[3]}`);
    expectJson200(merged);
    expect(merged.json.data.map((b) => b.id)).toEqual([ids[2], ids[1]]);
    expect(merged.json.has_more).toBe(true);

    const afterEnd = await api<WireList>(emu.url, `${BATCHES}?limit=2&after_id=${ids[0]}`);
    expectJson200(afterEnd);
    expect(afterEnd.json).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });
});

describe("wire: request_counts modes", () => {
  async function snapshots(url: string, requests: BatchRequest[]) {
    const created = await createBatchRaw(url, requests);
    expectJson200(created);
    const seen: WireBatch[] = [created.json];
    for (;;) {
      const res = await retrieveRaw(url, created.json.id);
      expectJson200(res);
      seen.push(res.json);
      if (res.json.processing_status === "ended") return seen;
      if (seen.length > 2000) throw new Error("batch never ended");
      await sleep(40);
    }
  }

  it('counts: "final" keeps processing = N until ended', async () => {
    const emu = await startTestEmulator({ rate: 10, concurrency: 2, counts: "final" });
    const seen = await snapshots(emu.url, makeRequests(15));
    const inProgress = seen.filter((b) => b.processing_status === "in_progress");
    expect(inProgress.length).toBeGreaterThanOrEqual(5);
    for (const b of inProgress) {
      expect(b.request_counts).toEqual({ processing: 15, succeeded: 0, errored: 0, canceled: 0, expired: 0 });
    }
    const last = seen.at(-1) as WireBatch;
    expect(last.request_counts).toEqual({
      processing: 0,
      succeeded: 15,
      errored: 0,
      canceled: 0,
      expired: 0,
    });
  });

  it('counts: "incremental" moves monotonically while in progress', async () => {
    const emu = await startTestEmulator({ rate: 10, concurrency: 2, counts: "incremental" });
    const seen = await snapshots(emu.url, makeRequests(15));
    for (const b of seen) expect(totalOf(b.request_counts)).toBe(15);
    const moving = seen.filter(
      (b) =>
        b.processing_status === "in_progress" &&
        b.request_counts.processing > 0 &&
        b.request_counts.processing < 15,
    );
    expect(moving.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) {
      const prev = (seen[i - 1] as WireBatch).request_counts;
      const cur = (seen[i] as WireBatch).request_counts;
      expect(cur.processing).toBeLessThanOrEqual(prev.processing);
      expect(cur.succeeded).toBeGreaterThanOrEqual(prev.succeeded);
    }
    const last = seen.at(-1) as WireBatch;
    expect(last.request_counts).toEqual({
      processing: 0,
      succeeded: 15,
      errored: 0,
      canceled: 0,
      expired: 0,
    });
  });
});

describe("wire: canceling", () => {
  it("stays canceling while requests are in flight: cancel again is 200 unchanged, delete and results refuse", async () => {
    // Two requests are in flight for 1.5-4.5 s when the cancel arrives; the other eight never start.
    const emu = await startTestEmulator({ rate: 100, latencyMs: 3000, concurrency: 2, counts: "final" });
    const created = await createBatchRaw(emu.url, makeRequests(10, "cx"));
    expectJson200(created);
    const { id } = created.json;
    await sleep(100); // let the first two requests get in flight

    const first = await api<WireBatch>(emu.url, `${BATCHES}/${id}/cancel`, { method: "POST" });
    expectJson200(first);
    expect(first.json.processing_status).toBe("canceling");
    expect(first.json.cancel_initiated_at).toMatch(RFC3339_MICROS);
    expect(first.json.request_counts).toEqual({
      processing: 10,
      succeeded: 0,
      errored: 0,
      canceled: 0,
      expired: 0,
    });
    expect(first.json.ended_at).toBeNull();
    expect(first.json.results_url).toBeNull();

    const again = await api<WireBatch>(emu.url, `${BATCHES}/${id}/cancel`, { method: "POST" });
    expectJson200(again);
    expect(again.json).toEqual(first.json);

    expectApiError(
      await api(emu.url, `${BATCHES}/${id}`, { method: "DELETE" }),
      400,
      "invalid_request_error",
      "In progress batches cannot be deleted. Consider canceling the batch instead.",
    );
    expectApiError(
      await api(emu.url, `${BATCHES}/${id}/results`),
      404,
      "not_found_error",
      `Message Batch ${id} has no available results.`,
    );

    const ended = await waitForEndedRaw(emu.url, id, { timeoutMs: 20_000 });
    expect(ended.cancel_initiated_at).toBe(first.json.cancel_initiated_at);
    expect(ended.request_counts.processing).toBe(0);
    expect(ended.request_counts.canceled).toBeGreaterThanOrEqual(1);
    expect(ended.request_counts.canceled + ended.request_counts.succeeded).toBe(10);
    const lines = parseJsonl((await api(emu.url, `${BATCHES}/${id}/results`)).text);
    expect(lines).toHaveLength(10);
    expect(lines.filter((l) => l.result.type === "canceled")).toHaveLength(ended.request_counts.canceled);
  });
});

describe("wire: processing", () => {
  it("with rate: Infinity (flat out) finishes every one of ten concurrent batches", async () => {
    const emu = await startTestEmulator({ rate: Number.POSITIVE_INFINITY, concurrency: 8, latencyMs: 5 });
    const ids: string[] = [];
    for (let b = 0; b < 10; b++) {
      const res = await createBatchRaw(emu.url, makeRequests(50, `inf${b}`));
      expectJson200(res);
      ids.push(res.json.id);
    }
    for (const id of ids) {
      const ended = await waitForEndedRaw(emu.url, id, { timeoutMs: 10_000 });
      expect(ended.request_counts).toEqual({
        processing: 0,
        succeeded: 50,
        errored: 0,
        canceled: 0,
        expired: 0,
      });
    }
  });
});
