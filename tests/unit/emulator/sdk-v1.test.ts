/**
 * The official SDK 1.12.0 (Bearer auth, `anthropic-version: 2026-10-21`, no `?beta=true`) driving the
 * emulator through the whole life of a batch, as a user's code would.
 */
import Anthropic, {
  type APIError,
  AuthenticationError,
  BadRequestError,
  ContentTooLargeError,
  InternalServerError,
  NotFoundError,
  OverloadedError,
  RateLimitError,
} from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import {
  asSdkRequests,
  BATCH_FIELDS,
  BATCH_ID,
  cleanupEmulators,
  getStats,
  makeRequests,
  pollUntil,
  queueFaults,
  REQUEST_ID,
  type RecordedCall,
  RFC3339_MICROS,
  recordingFetch,
  startTestEmulator,
  TEST_API_KEY,
  textRequest,
  toMicros,
  totalOf,
  v1Client,
  type WireError,
  waitForEnded,
} from "./helpers";

type ResultLine = Anthropic.Messages.MessageBatchIndividualResponse;

afterEach(cleanupEmulators);

async function collectResults(client: Anthropic, id: string): Promise<ResultLine[]> {
  const lines: ResultLine[] = [];
  for await (const line of await client.messages.batches.results(id)) lines.push(line);
  return lines;
}

function byCustomId(lines: ResultLine[]): Map<string, ResultLine["result"]> {
  const map = new Map<string, ResultLine["result"]>();
  for (const line of lines) {
    expect(map.has(line.custom_id), `duplicate result line for ${line.custom_id}`).toBe(false);
    map.set(line.custom_id, line.result);
  }
  return map;
}

function tally(lines: ResultLine[]) {
  const t = { succeeded: 0, errored: 0, canceled: 0, expired: 0 };
  for (const l of lines) t[l.result.type] += 1;
  return t;
}

async function rejectionOf(promise: PromiseLike<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (err) {
    return err as APIError;
  }
  throw new Error("expected the call to fail");
}

/** The SDK reads `requestID` from the header; it must be the same id as the body's `request_id`. */
function expectErrorIdentity(err: APIError, status: number, type: string) {
  expect(err.status).toBe(status);
  expect(err.type).toBe(type);
  expect(err.requestID).toMatch(REQUEST_ID);
  const body = err.error as WireError;
  expect(body.type).toBe("error");
  expect(body.error.type).toBe(type);
  expect(typeof body.error.message).toBe("string");
  expect(body.request_id).toBe(err.requestID);
}

describe("SDK 1.12.0: create and retrieve", () => {
  it("create returns an in_progress batch with all ten fields, a msgbatch_ id and a request id", async () => {
    const emu = await startTestEmulator({ rate: 1, counts: "final" });
    const calls: RecordedCall[] = [];
    const client = v1Client(emu.url, { fetch: recordingFetch(calls) });
    const batch = await client.messages.batches.create({ requests: asSdkRequests(makeRequests(7)) });

    // 1.x speaks Bearer and 2026-10-21 on a plain path; the emulator (with apiKey set) took it.
    expect(calls).toHaveLength(1);
    const call = calls[0] as RecordedCall;
    expect(call.url).toBe(`${emu.url}/v1/messages/batches`);
    expect(call.headers.get("authorization")).toBe(`Bearer ${TEST_API_KEY}`);
    expect(call.headers.get("x-api-key")).toBeNull();
    expect(call.headers.get("anthropic-version")).toBe("2026-10-21");

    expect(Object.keys(batch).sort()).toEqual([...BATCH_FIELDS]);
    expect(batch.id).toMatch(BATCH_ID);
    expect(batch.type).toBe("message_batch");
    expect(batch.processing_status).toBe("in_progress");
    expect(batch.request_counts).toEqual({
      processing: 7,
      succeeded: 0,
      errored: 0,
      canceled: 0,
      expired: 0,
    });
    expect(totalOf(batch.request_counts)).toBe(7);
    expect(batch.ended_at).toBeNull();
    expect(batch.archived_at).toBeNull();
    expect(batch.cancel_initiated_at).toBeNull();
    expect(batch.results_url).toBeNull();
    expect(batch.created_at).toMatch(RFC3339_MICROS);
    expect(batch.expires_at).toMatch(RFC3339_MICROS);
    expect(batch._request_id).toMatch(REQUEST_ID);
  });

  it("retrieve returns the same batch with its own request id", async () => {
    const emu = await startTestEmulator({ rate: 1, counts: "final" });
    const client = v1Client(emu.url);
    const created = await client.messages.batches.create({ requests: asSdkRequests(makeRequests(4)) });
    const got = await client.messages.batches.retrieve(created.id);

    expect(Object.keys(got).sort()).toEqual([...BATCH_FIELDS]);
    expect(got.id).toBe(created.id);
    expect(got.type).toBe("message_batch");
    expect(got.created_at).toBe(created.created_at);
    expect(got.expires_at).toBe(created.expires_at);
    expect(got.processing_status).toBe("in_progress");
    expect(totalOf(got.request_counts)).toBe(4);
    expect(got._request_id).toMatch(REQUEST_ID);
    expect(got._request_id).not.toBe(created._request_id);
  });
});

describe("SDK 1.12.0: list and auto-pagination", () => {
  it("walks forward over four pages newest first and backward from the oldest with before_id", async () => {
    const emu = await startTestEmulator();
    const client = v1Client(emu.url);
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) {
      const b = await client.messages.batches.create({ requests: asSdkRequests([textRequest(`only-${i}`)]) });
      ids.push(b.id);
    }
    const newestFirst = [...ids].reverse();

    // First page, by hand.
    const first = await client.messages.batches.list({ limit: 3 });
    expect(first.data.map((b) => b.id)).toEqual(newestFirst.slice(0, 3));
    expect(first.has_more).toBe(true);
    expect(first.first_id).toBe(newestFirst[0]);
    expect(first.last_id).toBe(newestFirst[2]);
    for (const b of first.data) expect(Object.keys(b).sort()).toEqual([...BATCH_FIELDS]);

    // Forward auto-pagination: every id exactly once, newest first, in exactly four requests.
    const before = await getStats(emu.url);
    const forward: string[] = [];
    for await (const b of client.messages.batches.list({ limit: 3 })) forward.push(b.id);
    const afterForward = await getStats(emu.url);
    expect(forward).toEqual(newestFirst);
    expect(afterForward.calls.list - before.calls.list).toBe(4);

    // Page shapes going forward: 3, 3, 3, 2 with has_more true, true, true, false.
    const pages: Array<{ ids: string[]; hasMore: boolean }> = [];
    for await (const page of (await client.messages.batches.list({ limit: 3 })).iterPages()) {
      pages.push({ ids: page.data.map((b) => b.id), hasMore: page.has_more });
    }
    expect(pages.map((p) => p.ids.length)).toEqual([3, 3, 3, 2]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, true, false]);

    // Backward from the oldest: the SDK sets before_id = first_id of each page.
    const oldest = ids[0] as string;
    const backPages: Array<{ ids: string[]; hasMore: boolean }> = [];
    for await (const page of (
      await client.messages.batches.list({ limit: 3, before_id: oldest })
    ).iterPages()) {
      backPages.push({ ids: page.data.map((b) => b.id), hasMore: page.has_more });
    }
    // Each page holds the 3 batches just newer than the cursor, still newest first.
    expect(backPages.map((p) => p.ids)).toEqual([
      [ids[3], ids[2], ids[1]],
      [ids[6], ids[5], ids[4]],
      [ids[9], ids[8], ids[7]],
      [ids[10]],
    ]);
    expect(backPages.map((p) => p.hasMore)).toEqual([true, true, true, false]);
    const backward = backPages.flatMap((p) => p.ids);
    expect(new Set(backward).size).toBe(10);
    expect([...backward].sort()).toEqual(ids.slice(1).sort());
  });
});

describe("SDK 1.12.0: cancel", () => {
  it("goes through canceling (cancel_initiated_at set) to ended with canceled results", async () => {
    // Slow start rate: most requests are still unstarted when the cancel arrives.
    const emu = await startTestEmulator({ rate: 2, latencyMs: 20, concurrency: 1, counts: "final" });
    const client = v1Client(emu.url);
    const requests = makeRequests(20);
    const created = await client.messages.batches.create({ requests: asSdkRequests(requests) });

    const canceling = await client.messages.batches.cancel(created.id);
    expect(Object.keys(canceling).sort()).toEqual([...BATCH_FIELDS]);
    expect(canceling.id).toBe(created.id);
    // The answer to cancel is the batch in `canceling` with the counts unchanged (§13.14), even when no
    // request is in flight. Soft, so that the rest of the cancel flow is still checked if this is wrong.
    expect.soft(canceling.processing_status).toBe("canceling");
    expect.soft(canceling.request_counts).toEqual(created.request_counts);
    expect.soft(canceling.ended_at).toBeNull();
    expect.soft(canceling.results_url).toBeNull();
    expect(canceling.cancel_initiated_at).toMatch(RFC3339_MICROS);
    expect(toMicros(canceling.cancel_initiated_at as string)).toBeGreaterThanOrEqual(
      toMicros(created.created_at),
    );

    const ended = await waitForEnded(() => client.messages.batches.retrieve(created.id));
    expect(ended.cancel_initiated_at).toBe(canceling.cancel_initiated_at);
    expect(ended.ended_at).toMatch(RFC3339_MICROS);
    expect(toMicros(ended.ended_at as string)).toBeGreaterThanOrEqual(
      toMicros(ended.cancel_initiated_at as string),
    );
    expect(ended.results_url).toBe(`${emu.url}/v1/messages/batches/${created.id}/results`);
    expect(ended.request_counts.processing).toBe(0);
    expect(ended.request_counts.canceled).toBeGreaterThan(0);
    expect(totalOf(ended.request_counts)).toBe(20);

    const lines = await collectResults(client, created.id);
    expect(lines).toHaveLength(20);
    const results = byCustomId(lines);
    expect([...results.keys()].sort()).toEqual(requests.map((r) => r.custom_id).sort());
    const { processing: _processing, ...finalCounts } = ended.request_counts;
    expect(tally(lines)).toEqual(finalCounts);
    for (const line of lines) {
      if (line.result.type === "canceled") expect(line.result).toEqual({ type: "canceled" });
    }

    // Canceling an ended batch is a 400.
    const err = await rejectionOf(client.messages.batches.cancel(created.id));
    expect(err).toBeInstanceOf(BadRequestError);
    expectErrorIdentity(err, 400, "invalid_request_error");
  });
});

describe("SDK 1.12.0: delete", () => {
  it("refuses an in-progress batch, deletes an ended one, then everything is 404", async () => {
    const emu = await startTestEmulator({ rate: 1, concurrency: 1 });
    const client = v1Client(emu.url);
    const created = await client.messages.batches.create({ requests: asSdkRequests(makeRequests(5)) });

    const inProgress = await rejectionOf(client.messages.batches.delete(created.id));
    expect(inProgress).toBeInstanceOf(BadRequestError);
    expectErrorIdentity(inProgress, 400, "invalid_request_error");
    expect(inProgress.apiMessage).toBe(
      "In progress batches cannot be deleted. Consider canceling the batch instead.",
    );
    // The refused delete did not remove anything.
    expect((await client.messages.batches.retrieve(created.id)).id).toBe(created.id);

    await client.messages.batches.cancel(created.id);
    await waitForEnded(() => client.messages.batches.retrieve(created.id));
    const deleted = await client.messages.batches.delete(created.id);
    expect({ ...deleted }).toEqual({ id: created.id, type: "message_batch_deleted" });
    expect(deleted._request_id).toMatch(REQUEST_ID);

    const notFound = `Message Batch ${created.id} not found.`;
    const afterRetrieve = await rejectionOf(client.messages.batches.retrieve(created.id));
    expect(afterRetrieve).toBeInstanceOf(NotFoundError);
    expectErrorIdentity(afterRetrieve, 404, "not_found_error");
    expect(afterRetrieve.apiMessage).toBe(notFound);

    const afterResults = await rejectionOf(client.messages.batches.results(created.id));
    expect(afterResults).toBeInstanceOf(NotFoundError);
    expect(afterResults.apiMessage).toBe(notFound);

    const afterCancel = await rejectionOf(client.messages.batches.cancel(created.id));
    expect(afterCancel).toBeInstanceOf(NotFoundError);
    expect(afterCancel.apiMessage).toBe(notFound);

    const afterDelete = await rejectionOf(client.messages.batches.delete(created.id));
    expect(afterDelete).toBeInstanceOf(NotFoundError);
    expect(afterDelete.apiMessage).toBe(notFound);

    const listed: string[] = [];
    for await (const b of client.messages.batches.list()) listed.push(b.id);
    expect(listed).not.toContain(created.id);
  });
});

describe("SDK 1.12.0: results", () => {
  it("returns succeeded and errored lines (invalid_request_error, not_found_error), one per request", async () => {
    const emu = await startTestEmulator();
    const client = v1Client(emu.url);
    const same = { messages: [{ role: "user", content: "Exactly the same prompt" }] };
    const requests = [
      textRequest("ok-a", same),
      textRequest("ok-b", same),
      textRequest("ok-haiku-dated", { model: "claude-haiku-4-5-20251001" }),
      textRequest("ok-sonnet", { model: "claude-sonnet-4-5" }),
      textRequest("ok-sonnet-dated", { model: "claude-sonnet-4-5-20250929" }),
      textRequest("ok-opus", { model: "claude-opus-4-1" }),
      textRequest("max-one", { max_tokens: 1 }),
      textRequest("bad-stream", { stream: true }),
      textRequest("bad-max-zero", { max_tokens: 0 }),
      textRequest("bad-max-huge", { max_tokens: 10_000_000 }),
      { custom_id: "bad-no-messages", params: { model: "claude-haiku-4-5", max_tokens: 10 } },
      textRequest("bad-extra-key", { frobnicate: true }),
      textRequest("bad-model", { model: "claude-does-not-exist-9" }),
    ];
    const created = await client.messages.batches.create({ requests: asSdkRequests(requests) });
    expect(created.request_counts.processing).toBe(requests.length);
    const ended = await waitForEnded(() => client.messages.batches.retrieve(created.id));
    expect(ended.request_counts).toEqual({
      processing: 0,
      succeeded: 7,
      errored: 6,
      canceled: 0,
      expired: 0,
    });

    const lines = await collectResults(client, created.id);
    expect(lines).toHaveLength(requests.length);
    const results = byCustomId(lines);
    expect([...results.keys()].sort()).toEqual(requests.map((r) => r.custom_id).sort());

    const succeeded = (id: string) => {
      const r = results.get(id);
      if (r?.type !== "succeeded") throw new Error(`${id}: expected succeeded, got ${JSON.stringify(r)}`);
      const m = r.message;
      expect(m.id).toMatch(/^msg_[A-Za-z0-9]+$/);
      expect(m.type).toBe("message");
      expect(m.role).toBe("assistant");
      expect(m.content.length).toBeGreaterThan(0);
      expect(m.content[0]?.type).toBe("text");
      expect(m.stop_sequence).toBeNull();
      expect(m.usage.service_tier).toBe("batch");
      expect(m.usage.input_tokens).toBeGreaterThan(0);
      expect(m.usage.output_tokens).toBeGreaterThan(0);
      return m;
    };
    const textOf = (m: Anthropic.Messages.Message) =>
      m.content.map((b) => (b.type === "text" ? b.text : "")).join("");

    const a = succeeded("ok-a");
    const b = succeeded("ok-b");
    expect(textOf(a).length).toBeGreaterThan(0);
    expect(textOf(b)).toBe(textOf(a)); // deterministic: same params, same content
    expect(a.model).toBe("claude-haiku-4-5-20251001");
    expect(succeeded("ok-haiku-dated").model).toBe("claude-haiku-4-5-20251001");
    expect(succeeded("ok-sonnet").model).toBe("claude-sonnet-4-5-20250929");
    expect(succeeded("ok-sonnet-dated").model).toBe("claude-sonnet-4-5-20250929");
    expect(succeeded("ok-opus").model).toMatch(/^claude-opus-4-1-\d{8}$/);
    for (const id of ["ok-a", "ok-b", "ok-sonnet", "ok-opus"]) {
      const m = succeeded(id);
      expect(["end_turn", "max_tokens"]).toContain(m.stop_reason);
      expect(m.usage.output_tokens).toBeLessThanOrEqual(64);
    }
    const one = succeeded("max-one");
    expect(one.stop_reason).toBe("max_tokens");
    expect(one.usage.output_tokens).toBe(1);

    const errored = (id: string, type: string) => {
      const r = results.get(id);
      if (r?.type !== "errored") throw new Error(`${id}: expected errored, got ${JSON.stringify(r)}`);
      // A full error envelope, nested: result.error.error.type.
      expect(r.error.type).toBe("error");
      expect(r.error.error.type).toBe(type);
      expect(r.error.error.message.length).toBeGreaterThan(0);
      expect(r.error.request_id).toBeNull();
      return r.error.error.message;
    };
    errored("bad-stream", "invalid_request_error");
    errored("bad-max-zero", "invalid_request_error");
    errored("bad-max-huge", "invalid_request_error");
    errored("bad-no-messages", "invalid_request_error");
    expect(errored("bad-extra-key", "invalid_request_error")).toContain("frobnicate");
    expect(errored("bad-model", "not_found_error")).toContain("claude-does-not-exist-9");

    // Deterministic across batches too: the same params in a later batch give the same content.
    const later = await client.messages.batches.create({
      requests: asSdkRequests([textRequest("again", same)]),
    });
    await waitForEnded(() => client.messages.batches.retrieve(later.id));
    const [again] = await collectResults(client, later.id);
    if (again?.result.type !== "succeeded")
      throw new Error(`expected succeeded, got ${JSON.stringify(again)}`);
    expect(textOf(again.result.message)).toBe(textOf(a));
  });

  it("marks unfinished requests expired when the processing window passes", async () => {
    const emu = await startTestEmulator({ rate: 2, latencyMs: 10, concurrency: 1, windowMs: 1500 });
    const client = v1Client(emu.url);
    const requests = makeRequests(12, "slow");
    const created = await client.messages.batches.create({ requests: asSdkRequests(requests) });
    expect(toMicros(created.expires_at) - toMicros(created.created_at)).toBe(1500 * 1000);

    const ended = await waitForEnded(() => client.messages.batches.retrieve(created.id), {
      timeoutMs: 20_000,
    });
    expect(ended.request_counts.processing).toBe(0);
    expect(ended.request_counts.expired).toBeGreaterThan(0);
    expect(ended.request_counts.canceled).toBe(0);
    expect(totalOf(ended.request_counts)).toBe(12);
    expect(ended.cancel_initiated_at).toBeNull();
    expect(toMicros(ended.ended_at as string)).toBeGreaterThanOrEqual(toMicros(ended.expires_at));

    const lines = await collectResults(client, created.id);
    expect(lines).toHaveLength(12);
    expect([...byCustomId(lines).keys()].sort()).toEqual(requests.map((r) => r.custom_id).sort());
    const { processing: _p, ...finalCounts } = ended.request_counts;
    expect(tally(lines)).toEqual(finalCounts);
    for (const line of lines) {
      if (line.result.type === "expired") expect(line.result).toEqual({ type: "expired" });
    }
  });
});

describe("SDK 1.12.0: error classes", () => {
  it("maps each status to its class with requestID, type and the body's request_id", async () => {
    const emu = await startTestEmulator();
    const client = v1Client(emu.url);

    const bad = await rejectionOf(client.messages.batches.create({ requests: [] }));
    expect(bad).toBeInstanceOf(BadRequestError);
    expectErrorIdentity(bad, 400, "invalid_request_error");
    expect(bad.apiMessage).toBe("requests: List should have at least 1 item after validation, not 0");

    const unauth = await rejectionOf(v1Client(emu.url, { apiKey: "sk-ant-wrong" }).messages.batches.list());
    expect(unauth).toBeInstanceOf(AuthenticationError);
    expectErrorIdentity(unauth, 401, "authentication_error");

    const missingId = "msgbatch_01NoSuchBatchAnywhere0000";
    const notFound = await rejectionOf(client.messages.batches.retrieve(missingId));
    expect(notFound).toBeInstanceOf(NotFoundError);
    expectErrorIdentity(notFound, 404, "not_found_error");
    expect(notFound.apiMessage).toBe(`Message Batch ${missingId} not found.`);

    const limited = await rejectionOf(
      client.messages.batches.list({}, { headers: { "x-emulator-fault": "429" } }),
    );
    expect(limited).toBeInstanceOf(RateLimitError);
    expectErrorIdentity(limited, 429, "rate_limit_error");
    expect(limited.headers?.get("retry-after")).toBe("1");

    const internal = await rejectionOf(
      client.messages.batches.list({}, { headers: { "x-emulator-fault": "500" } }),
    );
    expect(internal).toBeInstanceOf(InternalServerError);
    expect(internal).not.toBeInstanceOf(OverloadedError);
    expectErrorIdentity(internal, 500, "api_error");

    const overloaded = await rejectionOf(
      client.messages.batches.list({}, { headers: { "x-emulator-fault": "529" } }),
    );
    expect(overloaded).toBeInstanceOf(OverloadedError);
    expectErrorIdentity(overloaded, 529, "overloaded_error");
    expect(overloaded.apiMessage).toBe("Overloaded");

    // None of the failed calls created a batch.
    expect((await getStats(emu.url)).batches).toBe(0);
  });

  it("answers a create body over 256,000,000 bytes with 413 ContentTooLargeError", async () => {
    const emu = await startTestEmulator();
    const client = v1Client(emu.url, { timeout: 50_000 });
    const huge = textRequest("huge", { messages: [{ role: "user", content: "x".repeat(256_000_000) }] });
    const err = await rejectionOf(client.messages.batches.create({ requests: asSdkRequests([huge]) }));
    expect(err).toBeInstanceOf(ContentTooLargeError);
    expectErrorIdentity(err, 413, "request_too_large");
    expect((await getStats(emu.url)).batches).toBe(0);
  });
});

describe("SDK 1.12.0: retries", () => {
  it("retries a 429 with retry-after: 1 about a second later and then succeeds", async () => {
    const emu = await startTestEmulator({ rate: 1 });
    await queueFaults(emu.url, [{ kind: "429", arg: 1, times: 1, route: "create" }]);
    const calls: RecordedCall[] = [];
    const client = v1Client(emu.url, { maxRetries: 2, fetch: recordingFetch(calls) });

    const batch = await client.messages.batches.create({ requests: asSdkRequests(makeRequests(3)) });
    expect(batch.id).toMatch(BATCH_ID);
    expect(batch.processing_status).toBe("in_progress");

    expect(calls).toHaveLength(2);
    const [first, second] = calls as [RecordedCall, RecordedCall];
    const gap = second.at - first.at;
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(3000);
    expect(second.headers.get("x-stainless-retry-count")).toBe("1");

    const stats = await getStats(emu.url);
    expect(stats.calls.create).toBe(2);
    expect(stats.batches).toBe(1);
  });
});

describe("SDK 1.12.0: restart", () => {
  it("resumes a running batch after close() and a restart on the same dataDir, losing and duplicating nothing", async () => {
    const options = { rate: 40, latencyMs: 10, concurrency: 4, counts: "incremental" as const };
    const first = await startTestEmulator(options);
    const requests = makeRequests(120, "durable");
    const created = await v1Client(first.url).messages.batches.create({ requests: asSdkRequests(requests) });

    // Let part of the batch finish, then stop the emulator in the middle of it.
    const partial = await pollUntil(
      () => v1Client(first.url).messages.batches.retrieve(created.id),
      (b) => b.request_counts.succeeded >= 10,
      { what: "some progress" },
    );
    expect(partial.processing_status).toBe("in_progress");
    await first.close();

    const second = await startTestEmulator({ ...options, dataDir: first.dataDir });
    const client = v1Client(second.url);
    const resumed = await client.messages.batches.retrieve(created.id);
    expect(resumed.id).toBe(created.id);
    expect(resumed.created_at).toBe(created.created_at);
    expect(resumed.expires_at).toBe(created.expires_at);
    expect(resumed.request_counts.succeeded).toBeGreaterThanOrEqual(partial.request_counts.succeeded);
    expect(totalOf(resumed.request_counts)).toBe(120);

    const ended = await waitForEnded(() => client.messages.batches.retrieve(created.id));
    expect(ended.request_counts).toEqual({
      processing: 0,
      succeeded: 120,
      errored: 0,
      canceled: 0,
      expired: 0,
    });
    expect(ended.results_url).toBe(`${second.url}/v1/messages/batches/${created.id}/results`);

    const lines = await collectResults(client, created.id);
    expect(lines).toHaveLength(120);
    const results = byCustomId(lines);
    expect([...results.keys()].sort()).toEqual(requests.map((r) => r.custom_id).sort());
    for (const r of results.values()) expect(r.type).toBe("succeeded");

    const stats = await getStats(second.url);
    expect(stats.batches).toBe(1);
  });
});
