// The whole life of a batch through the dashboard's routes, in real-API mode against the emulator.
import { expect, test } from "@playwright/test";
import {
  BATCH_FIELDS,
  errorOf,
  json,
  jsonlFile,
  occurrences,
  replyTexts,
  requestOf,
  type Stack,
  sleep,
  startStack,
  totalOf,
  type WireBatch,
  type WireList,
  waitForEnded,
} from "./harness";

let stack: Stack;

test.beforeAll(async () => {
  // 20 requests/s of ~200 ms each: a 5-request batch ends in well under a second, 400 requests take ~20 s.
  stack = await startStack({ emulator: { rate: 20, latencyMs: 200, concurrency: 8 } });
});

test.afterAll(async () => {
  const output = await stack?.stop();
  if (stack) {
    expect(
      occurrences(stack.canary, [...replyTexts(stack.dashboard), { label: "server output", text: output }]),
    ).toEqual([]);
  }
});

/** The upstream's snake_case shape, with results_url on our own route (or null while running). */
function expectWireBatch(batch: WireBatch, id?: string): void {
  expect(batch.type).toBe("message_batch");
  expect(batch.id).toMatch(/^msgbatch_[A-Za-z0-9_-]+$/);
  if (id) expect(batch.id).toBe(id);
  for (const key of BATCH_FIELDS) expect(Object.keys(batch)).toContain(key);
  for (const key of Object.keys(batch)) expect(key).toMatch(/^[a-z_]+$/);
  expect(Object.keys(batch.request_counts).sort()).toEqual([
    "canceled",
    "errored",
    "expired",
    "processing",
    "succeeded",
  ]);
  expect(Date.parse(batch.created_at)).not.toBeNaN();
  if (batch.processing_status === "ended") {
    expect(batch.results_url).toBe(`/api/batches/${batch.id}/results`);
  } else {
    expect(batch.results_url).toBeNull();
  }
  expect(JSON.stringify(batch)).not.toContain(stack.upstream.url);
}

async function create(body: string, contentType = "application/x-ndjson"): Promise<WireBatch> {
  const reply = await stack.dashboard.upload(body, { contentType });
  expect(reply.status, reply.text).toBe(200);
  expect(reply.headers["content-type"]).toContain("application/json");
  const batch = json<WireBatch>(reply);
  expectWireBatch(batch);
  return batch;
}

test("[input] create from a JSONL file, a JSON array and a {requests:[…]} document", async () => {
  const before = await stack.upstream.stats();
  const fromJsonl = await create(jsonlFile(5, "jsonl"));
  expect(totalOf(fromJsonl.request_counts)).toBe(5);

  const array = [requestOf("arr-1"), requestOf("arr-2"), requestOf("arr-3")];
  const fromArray = await create(JSON.stringify(array), "application/json");
  expect(totalOf(fromArray.request_counts)).toBe(3);

  const doc = { requests: [requestOf("doc-1"), requestOf("doc-2"), requestOf("doc-3"), requestOf("doc-4")] };
  const fromDoc = await create(JSON.stringify(doc, null, 2), "application/json; charset=utf-8");
  expect(totalOf(fromDoc.request_counts)).toBe(4);

  const after = await stack.upstream.stats();
  expect(after.calls.create - before.calls.create).toBe(3);
  expect(after.batches - before.batches).toBe(3);
  // The emulator holds exactly those batches, with those sizes.
  for (const [batch, size] of [
    [fromJsonl, 5],
    [fromArray, 3],
    [fromDoc, 4],
  ] as const) {
    expect(totalOf((await stack.upstream.retrieve(batch.id)).request_counts)).toBe(size);
  }
});

test("list pages forward with after_id and back with before_id over 3+ pages", async () => {
  const mine: string[] = [];
  for (let i = 0; i < 7; i++) mine.unshift((await create(jsonlFile(1, `page${i}`))).id);
  const truth = (await stack.upstream.list()).data.map((batch) => batch.id);
  expect(truth.slice(0, 7)).toEqual(mine);

  const forward: string[] = [];
  const pages: WireList[] = [];
  let after: string | null = null;
  for (let page = 0; page < 200; page++) {
    const reply = await stack.dashboard.get(`/api/batches?limit=3${after ? `&after_id=${after}` : ""}`);
    expect(reply.status, reply.text).toBe(200);
    const list = json<WireList>(reply);
    pages.push(list);
    for (const batch of list.data) expectWireBatch(batch);
    expect(list.data.length).toBeLessThanOrEqual(3);
    expect(list.first_id).toBe(list.data[0]?.id ?? null);
    expect(list.last_id).toBe(list.data.at(-1)?.id ?? null);
    forward.push(...list.data.map((batch) => batch.id));
    if (!list.has_more) break;
    after = list.last_id;
  }
  expect(pages.length).toBeGreaterThanOrEqual(3);
  expect(forward).toEqual(truth);

  // Back from the last page toward the newest, with before_id.
  const backward: string[] = [...(pages.at(-1)?.data.map((batch) => batch.id) ?? [])];
  let before = pages.at(-1)?.first_id ?? null;
  let backPages = 0;
  for (let page = 0; page < 200 && before; page++) {
    const reply = await stack.dashboard.get(`/api/batches?limit=3&before_id=${before}`);
    expect(reply.status, reply.text).toBe(200);
    const list = json<WireList>(reply);
    backPages += 1;
    backward.unshift(...list.data.map((batch) => batch.id));
    if (!list.has_more) break;
    before = list.first_id;
  }
  expect(backPages).toBeGreaterThanOrEqual(2);
  expect(backward).toEqual(truth);
});

test("[input] list limit 0, 1001, abc and bad cursors are 400 before any upstream call", async () => {
  const before = await stack.upstream.stats();
  for (const query of [
    "limit=0",
    "limit=1001",
    "limit=abc",
    "limit=-1",
    "limit=1.5",
    "after_id=..%2F..%2Fv1",
    "before_id=not-a-batch",
    "after_id=msgbatch_a&before_id=msgbatch_b",
    "limit=5&surprise=1",
  ]) {
    const reply = await stack.dashboard.get(`/api/batches?${query}`);
    expect(reply.status, `${query}: ${reply.text}`).toBe(400);
    expect(errorOf(reply).code).toBe("bad_request");
  }
  expect(await stack.upstream.stats()).toEqual(before);
  // The edges that are allowed do reach the upstream.
  for (const limit of [1, 1000]) {
    expect((await stack.dashboard.get(`/api/batches?limit=${limit}`)).status).toBe(200);
  }
});

test("retrieve, results (all lines, ndjson, x-results-expected) and ?download=1", async () => {
  const created = await create(jsonlFile(6, "res"));
  // Results of a running batch do not exist yet: a conflict, not an empty file.
  const early = await stack.dashboard.get(`/api/batches/${created.id}/results`);
  if (early.status !== 200) {
    expect(early.status).toBe(409);
    expect(errorOf(early).code).toBe("conflict");
  }
  const ended = await waitForEnded(stack.dashboard, created.id);
  expectWireBatch(ended, created.id);
  expect(ended.request_counts).toEqual({ processing: 0, succeeded: 6, errored: 0, canceled: 0, expired: 0 });

  const results = await stack.dashboard.get(`/api/batches/${created.id}/results`);
  expect(results.status, results.text).toBe(200);
  expect(results.headers["content-type"]).toMatch(/^application\/x-ndjson/);
  expect(results.headers["x-results-expected"]).toBe("6");
  expect(results.headers["cache-control"]).toBe("no-store");
  expect(results.headers["content-disposition"]).toBeUndefined();
  expect(results.text.endsWith("\n")).toBe(true);
  const lines = results.text.trimEnd().split("\n");
  expect(lines).toHaveLength(6);
  const ids = lines.map((line) => (JSON.parse(line) as { custom_id: string }).custom_id).sort();
  expect(ids).toEqual(["res-1", "res-2", "res-3", "res-4", "res-5", "res-6"]);
  for (const line of lines) {
    expect((JSON.parse(line) as { result: { type: string } }).result.type).toBe("succeeded");
  }

  const download = await stack.dashboard.get(`/api/batches/${created.id}/results?download=1`);
  expect(download.status).toBe(200);
  expect(download.headers["content-disposition"]).toBe(`attachment; filename="${created.id}-results.jsonl"`);
  expect(download.text).toBe(results.text);
});

test("cancel: in_progress → canceling → ended with canceled results; cancel again → 409", async () => {
  const created = await create(jsonlFile(400, "cx"));
  expect(created.processing_status).toBe("in_progress");
  const cancel = await stack.dashboard.call("POST", `/api/batches/${created.id}/cancel`);
  expect(cancel.status, cancel.text).toBe(200);
  const canceling = json<WireBatch>(cancel);
  expectWireBatch(canceling, created.id);
  expect(canceling.processing_status).toBe("canceling");
  expect(canceling.cancel_initiated_at).not.toBeNull();

  const ended = await waitForEnded(stack.dashboard, created.id);
  expect(ended.request_counts.canceled).toBeGreaterThan(0);
  expect(totalOf(ended.request_counts)).toBe(400);
  expect(ended.request_counts.processing).toBe(0);

  const results = await stack.dashboard.get(`/api/batches/${created.id}/results`);
  expect(results.status).toBe(200);
  const lines = results.text.trimEnd().split("\n");
  expect(lines).toHaveLength(400);
  const canceled = lines.filter(
    (line) => (JSON.parse(line) as { result: { type: string } }).result.type === "canceled",
  );
  expect(canceled).toHaveLength(ended.request_counts.canceled);

  const again = await stack.dashboard.call("POST", `/api/batches/${created.id}/cancel`);
  expect(again.status, again.text).toBe(409);
  expect(errorOf(again).code).toBe("conflict");
});

test("delete: in progress → 409; ended → deleted; then 404 everywhere", async () => {
  const running = await create(jsonlFile(300, "del"));
  const refused = await stack.dashboard.call("DELETE", `/api/batches/${running.id}`);
  expect(refused.status, refused.text).toBe(409);
  expect(errorOf(refused).code).toBe("conflict");
  expect((await stack.upstream.retrieve(running.id)).id).toBe(running.id);
  // Clean up: cancel it so it ends quickly.
  expect((await stack.dashboard.call("POST", `/api/batches/${running.id}/cancel`)).status).toBe(200);

  const small = await create(jsonlFile(2, "gone"));
  await waitForEnded(stack.dashboard, small.id);
  const deleted = await stack.dashboard.call("DELETE", `/api/batches/${small.id}`);
  expect(deleted.status, deleted.text).toBe(200);
  expect(json(deleted)).toEqual({ id: small.id, type: "message_batch_deleted" });

  for (const [method, path] of [
    ["GET", `/api/batches/${small.id}`],
    ["GET", `/api/batches/${small.id}/results`],
    ["DELETE", `/api/batches/${small.id}`],
    ["POST", `/api/batches/${small.id}/cancel`],
  ] as const) {
    const reply = await stack.dashboard.call(method, path);
    expect(reply.status, `${method} ${path}: ${reply.text}`).toBe(404);
    expect(errorOf(reply).code).toBe("not_found");
  }
  await waitForEnded(stack.dashboard, running.id);
});

test("results_url is our own route in every response; never the upstream's origin", async () => {
  const created = await create(jsonlFile(2, "url"));
  await waitForEnded(stack.dashboard, created.id);
  await sleep(50);
  // The emulator itself answers with its own absolute URL…
  expect((await stack.upstream.retrieve(created.id)).results_url).toBe(
    `${stack.upstream.url}/v1/messages/batches/${created.id}/results`,
  );
  // …and none of the dashboard's responses so far, of any route, carries it.
  const list = json<WireList>(await stack.dashboard.get("/api/batches?limit=1000"));
  const mine = list.data.find((batch) => batch.id === created.id);
  expect(mine?.results_url).toBe(`/api/batches/${created.id}/results`);
  for (const batch of list.data) expectWireBatch(batch);
  const emulatorHost = new URL(stack.upstream.url).host;
  expect(occurrences(emulatorHost, replyTexts(stack.dashboard))).toEqual([]);
});
