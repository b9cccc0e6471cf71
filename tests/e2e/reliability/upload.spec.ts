// POST /api/batches with every bad-input class of security.md §5.2 (32–39), idempotency, integrity headers
// and the upload's CSRF requirements. Every refusal must leave the upstream's create count untouched.
import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import { expect, test } from "@playwright/test";
import { Client } from "undici";
import {
  type EmulatorStats,
  errorOf,
  json,
  jsonlFile,
  occurrences,
  type Reply,
  replyTexts,
  requestLine,
  requestOf,
  type Stack,
  sleep,
  startStack,
  totalOf,
  type WireBatch,
} from "../api/harness";

let stack: Stack;

test.beforeAll(async () => {
  // Slow processing: these tests only care about what gets created, not about it running.
  stack = await startStack({ emulator: { rate: 5, latencyMs: 200 } });
});

test.afterAll(async () => {
  const output = await stack?.stop();
  if (stack) {
    expect(
      occurrences(stack.canary, [...replyTexts(stack.dashboard), { label: "server output", text: output }]),
    ).toEqual([]);
  }
});

const LIMIT = 256_000_000;
const CUSTOM_ID_PATTERN = "^[a-zA-Z0-9_-]{1,64}$";

/** Files in the dashboard's upload spool, `{ name: size }`. */
function spoolFiles(): Record<string, number> {
  const dir = join(stack.dashboard.dataDir, "spool");
  const files: Record<string, number> = {};
  try {
    for (const name of readdirSync(dir)) files[name] = statSync(join(dir, name)).size;
  } catch {
    // no spool directory yet, or a file removed while listing
  }
  return files;
}

/** Runs `action` and checks that the upstream saw no create, holds no new batch, and no spool file is left. */
async function withoutCreate<T>(action: () => Promise<T>): Promise<T> {
  const before: EmulatorStats = await stack.upstream.stats();
  const result = await action();
  const after = await stack.upstream.stats();
  expect(after.calls.create, "upstream creates").toBe(before.calls.create);
  expect(after.batches, "upstream batches").toBe(before.batches);
  // The spool is removed when the route answers. (Empty leftovers of refusals that come before the body is
  // read are a separate bug, with a test of its own below; here, no spooled content may stay behind.)
  const withContent = () => Object.entries(spoolFiles()).filter(([, size]) => size > 0);
  for (let i = 0; i < 20 && withContent().length > 0; i++) await sleep(50);
  expect(withContent(), "spool files with content left behind").toEqual([]);
  return result;
}

function expectInvalid(reply: Reply) {
  expect(reply.status, reply.text).toBe(422);
  const error = errorOf(reply);
  expect(error.code).toBe("invalid_upload");
  expect(error.message).toContain("nothing was submitted");
  const problems = error.problems ?? [];
  expect(error.problem_count).toBeGreaterThanOrEqual(problems.length);
  return problems;
}

function linesOf(lines: (string | Buffer)[], finalNewline = true): Buffer {
  const parts: Buffer[] = [];
  lines.forEach((line, i) => {
    parts.push(typeof line === "string" ? Buffer.from(line) : line);
    if (finalNewline || i < lines.length - 1) parts.push(Buffer.from("\n"));
  });
  return Buffer.concat(parts);
}

/** `count` valid lines named r1…rN, with `overrides` (1-based line → raw line) put in place. */
function fileWith(count: number, overrides: Record<number, string | Buffer>): Buffer {
  const lines: (string | Buffer)[] = [];
  for (let n = 1; n <= count; n++) lines.push(overrides[n] ?? requestLine(`r${n}`));
  return linesOf(lines);
}

test("[input] an empty file, and a file of only blank lines → 422 no requests (case 32)", async () => {
  await withoutCreate(async () => {
    for (const [label, body] of [
      ["empty", ""],
      ["blank lines", "\n\n   \n\t\n\r\n\n"],
    ] as const) {
      const reply = await stack.dashboard.upload(body);
      expect(reply.status, `${label}: ${reply.text}`).toBe(422);
      const problems = expectInvalid(reply);
      expect(
        problems.map((problem) => problem.code),
        label,
      ).toEqual(["no_requests"]);
    }
  });
});

test("[input] BOM + CRLF + blank lines + no final newline → accepted with the right count (case 33)", async () => {
  const lines = [
    `\ufeff${requestLine("bom-1")}`,
    "",
    requestLine("bom-2"),
    "   ",
    requestLine("bom-3"),
    "",
    requestLine("bom-4"),
  ];
  const body = lines.join("\r\n");
  const before = await stack.upstream.stats();
  const reply = await stack.dashboard.upload(body);
  expect(reply.status, reply.text).toBe(200);
  const batch = json<WireBatch>(reply);
  expect(totalOf(batch.request_counts)).toBe(4);
  const after = await stack.upstream.stats();
  expect(after.calls.create - before.calls.create).toBe(1);
  expect(totalOf((await stack.upstream.retrieve(batch.id)).request_counts)).toBe(4);
});

test("[input] broken JSON on line 57 (with column), raw NUL, trailing comma, top-level array (case 34)", async () => {
  const broken = '{"custom_id":"r57","params":{"model":"m","max_tokens":16 "messages":[]}}';
  const file = fileWith(60, {
    20: Buffer.concat([Buffer.from('{"custom_id":"r20",'), Buffer.from([0]), Buffer.from('"params":{}}')]),
    30: `${requestLine("r30").slice(0, -1)},}`,
    40: "[1,2,3]",
    57: broken,
  });
  const reply = await withoutCreate(() => stack.dashboard.upload(file));
  const problems = expectInvalid(reply);
  expect([...new Set(problems.map((problem) => problem.line))].sort((a, b) => a - b)).toEqual([
    20, 30, 40, 57,
  ]);
  const line57 = problems.find((problem) => problem.line === 57);
  expect(line57?.code).toBe("invalid_json");
  expect(line57?.column).toBe(broken.indexOf('"messages"') + 1);
  expect(problems.find((problem) => problem.line === 20)?.code).toBe("invalid_json");
  expect(problems.find((problem) => problem.line === 30)?.code).toBe("invalid_json");
  expect(problems.find((problem) => problem.line === 40)?.code).toBe("not_an_object");
});

test("[input] invalid UTF-8 on line 9 → invalid_utf8 on line 9, not a silent U+FFFD (case 35)", async () => {
  const line9 = Buffer.concat([
    Buffer.from(
      '{"custom_id":"r9","params":{"model":"m","max_tokens":16,"messages":[{"role":"user","content":"',
    ),
    Buffer.from([0xff, 0xfe]),
    Buffer.from('"}]}}'),
  ]);
  const reply = await withoutCreate(() => stack.dashboard.upload(fileWith(12, { 9: line9 })));
  const problems = expectInvalid(reply);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatchObject({ line: 9, code: "invalid_utf8" });
});

test("[input] duplicate custom_id on lines 12 and 57 → line 57 names line 12 (case 36)", async () => {
  const reply = await withoutCreate(() => stack.dashboard.upload(fileWith(60, { 57: requestLine("r12") })));
  const problems = expectInvalid(reply);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatchObject({ line: 57, code: "duplicate_custom_id" });
  expect(problems[0]?.message).toContain("12");
});

test("[input] bad custom_ids: space, empty, 65 chars, non-ASCII, missing, not a string (case 36)", async () => {
  const withId = (id: unknown) => JSON.stringify({ ...requestOf("x"), custom_id: id });
  const { custom_id: _omitted, ...withoutId } = requestOf("x");
  const file = linesOf([
    requestLine("ok-1"),
    withId("a b"),
    withId(""),
    withId("a".repeat(65)),
    withId("café"),
    JSON.stringify(withoutId),
    withId(123),
    requestLine("ok-2"),
  ]);
  const reply = await withoutCreate(() => stack.dashboard.upload(file));
  const problems = expectInvalid(reply);
  expect(problems.map((problem) => problem.line)).toEqual([2, 3, 4, 5, 6, 7]);
  for (const problem of problems) {
    expect(problem.code).toBe("bad_custom_id");
    expect(problem.message).toContain(CUSTOM_ID_PATTERN);
  }
});

test("[input] depth-10,000 params and max_tokens 1e400 → 422, never a 500 (case 39)", async () => {
  const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
  const deepLine = `{"custom_id":"deep","params":{"model":"m","max_tokens":16,"messages":[{"role":"user","content":"hi"}],"metadata":{"x":${deep}}}}`;
  const hugeTokens = `{"custom_id":"huge","params":{"model":"m","max_tokens":1e400,"messages":[{"role":"user","content":"hi"}]}}`;
  const reply = await withoutCreate(() =>
    stack.dashboard.upload(linesOf([requestLine("fine"), deepLine, hugeTokens])),
  );
  const problems = expectInvalid(reply);
  expect(problems.find((problem) => problem.line === 2)?.code).toBe("too_deep");
  const tokens = problems.find((problem) => problem.line === 3);
  expect(tokens?.message).toContain("max_tokens");
  expect(tokens?.message).toContain("positive integer");

  // The same as a JSON document.
  const doc = `{"requests":[${requestLine("fine")},${deepLine.replace('"deep"', '"deep2"')}]}`;
  const asJson = await withoutCreate(() => stack.dashboard.upload(doc, { contentType: "application/json" }));
  expect(expectInvalid(asJson).map((problem) => problem.code)).toContain("too_deep");
});

test("[input] 100,001 requests → 422 more than 100000; exactly 100,000 → accepted (case 37)", async () => {
  test.setTimeout(90_000);
  const line = (n: number) =>
    `{"custom_id":"r${n}","params":{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"h"}]}}\n`;
  const make = (count: number) => {
    const parts: string[] = [];
    for (let n = 1; n <= count; n++) parts.push(line(n));
    return Buffer.from(parts.join(""));
  };
  const tooMany = await withoutCreate(() => stack.dashboard.upload(make(100_001)));
  const problems = expectInvalid(tooMany);
  expect(problems).toEqual([expect.objectContaining({ code: "too_many_requests", line: 100_001 })]);
  expect(problems[0]?.message).toContain("more than 100000");

  const before = await stack.upstream.stats();
  const exactly = await stack.dashboard.upload(make(100_000));
  expect(exactly.status, exactly.text.slice(0, 500)).toBe(200);
  expect(totalOf(json<WireBatch>(exactly).request_counts)).toBe(100_000);
  expect((await stack.upstream.stats()).calls.create - before.calls.create).toBe(1);
});

test("[input] one 40 MB line with no newline → rejected at the line cap (case 38)", async () => {
  const body = Buffer.alloc(40 * 1024 * 1024, 0x61);
  const reply = await withoutCreate(() => stack.dashboard.upload(body));
  const problems = expectInvalid(reply);
  expect(problems).toEqual([expect.objectContaining({ line: 1, code: "line_too_long" })]);
});

test("[input] a streamed body over 256,000,000 bytes → 413, nothing created (case 38)", async () => {
  test.setTimeout(90_000);
  // 1 MiB lines of spaces (blank lines cost the validator nothing), one reused buffer, streamed chunked.
  const chunk = Buffer.alloc(1 << 20, 0x20);
  chunk[chunk.length - 1] = 0x0a;
  const chunks = Math.ceil((LIMIT + 1) / chunk.length) + 2;
  let sent = 0;
  const body = Readable.from(
    (function* () {
      for (let i = 0; i < chunks; i++) {
        sent += chunk.length;
        yield chunk;
      }
    })(),
  );
  // One connection of its own: whether it is still usable after the early answer is part of the check.
  const connection = new Client(stack.dashboard.origin, { pipelining: 1 });
  try {
    const reply = await withoutCreate(() => stack.dashboard.upload(body, { dispatcher: connection }));
    expect(reply.status, reply.text).toBe(413);
    expect(errorOf(reply).code).toBe("payload_too_large");
    expect(sent).toBeGreaterThan(LIMIT);
    // The server stops reading at the limit. Either it says `Connection: close`, or the connection must
    // still work: a keep-alive answer over an unread body leaves a socket that is reset seconds later.
    let next: string;
    try {
      next = String(
        (await stack.dashboard.upload(jsonlFile(1, "after-413"), { dispatcher: connection })).status,
      );
    } catch (error) {
      next = `${(error as Error).message} (the 413 said Connection: ${reply.headers.connection})`;
    }
    if (reply.headers.connection !== "close") {
      expect(next, "the next request on the same kept-alive connection after the 413").toBe("200");
    }
  } finally {
    await connection.destroy();
  }
});

test("[input] a Content-Length over the limit → 413 without the body being read (case 38)", async () => {
  const head = await withoutCreate(
    () =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(stack.dashboard.port, "127.0.0.1");
        let answer = "";
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new Error(`no answer within 5 s; got: ${answer}`));
        }, 5_000);
        socket.on("data", (data) => {
          answer += data.toString("latin1");
          if (answer.includes("\r\n\r\n")) {
            clearTimeout(timer);
            socket.destroy();
            resolve(answer);
          }
        });
        socket.on("error", reject);
        socket.write(
          [
            "POST /api/batches HTTP/1.1",
            `Host: 127.0.0.1:${stack.dashboard.port}`,
            `Origin: ${stack.dashboard.origin}`,
            "Content-Type: application/x-ndjson",
            "X-Dashboard-Upload: 1",
            `Content-Length: ${LIMIT + 1}`,
            "",
            // Only a few bytes of the announced 256 MB ever come.
            requestLine("only"),
          ].join("\r\n"),
        );
      }),
  );
  expect(head).toMatch(/^HTTP\/1\.1 413 /);
});

test("[input] the same Idempotency-Key twice, one after the other → one create, replayed (case 29)", async () => {
  const file = jsonlFile(3, "idem-seq");
  const key = `key-seq-${Date.now()}`;
  const before = await stack.upstream.stats();
  const first = await stack.dashboard.upload(file, { headers: { "idempotency-key": key } });
  const second = await stack.dashboard.upload(file, { headers: { "idempotency-key": key } });
  expect(first.status, first.text).toBe(200);
  expect(second.status, second.text).toBe(200);
  expect(json<WireBatch>(second).id).toBe(json<WireBatch>(first).id);
  expect(first.headers["idempotent-replayed"]).toBeUndefined();
  expect(second.headers["idempotent-replayed"]).toBe("true");
  const after = await stack.upstream.stats();
  expect(after.calls.create - before.calls.create).toBe(1);
  expect(after.batches - before.batches).toBe(1);

  // The same key with a different file is refused and creates nothing.
  const other = await withoutCreate(() =>
    stack.dashboard.upload(jsonlFile(4, "idem-other"), { headers: { "idempotency-key": key } }),
  );
  expect(other.status, other.text).toBe(422);
  expect(errorOf(other).code).toBe("idempotency_mismatch");
});

test("[input] the same Idempotency-Key twice at once (double click) → one create, same batch (case 29)", async () => {
  const file = jsonlFile(50, "idem-par");
  const key = `key-par-${Date.now()}`;
  const before = await stack.upstream.stats();
  const replies = await Promise.all([
    stack.dashboard.upload(file, { headers: { "idempotency-key": key } }),
    stack.dashboard.upload(file, { headers: { "idempotency-key": key } }),
  ]);
  for (const reply of replies) expect(reply.status, reply.text).toBe(200);
  const [a, b] = replies.map((reply) => json<WireBatch>(reply).id);
  expect(a).toBe(b);
  expect(replies.filter((reply) => reply.headers["idempotent-replayed"] === "true")).toHaveLength(1);
  const after = await stack.upstream.stats();
  expect(after.calls.create - before.calls.create).toBe(1);
  expect(after.batches - before.batches).toBe(1);
});

test("[input] x-upload-sha256 / x-upload-bytes mismatch → 400 and no create", async () => {
  const file = jsonlFile(2, "sha");
  const sha = createHash("sha256").update(file).digest("hex");
  const wrongSha = createHash("sha256").update(`${file} `).digest("hex");
  const mismatches: Record<string, string>[] = [
    { "x-upload-sha256": wrongSha },
    { "x-upload-bytes": String(Buffer.byteLength(file) + 1) },
  ];
  for (const headers of mismatches) {
    const reply = await withoutCreate(() => stack.dashboard.upload(file, { headers }));
    expect(reply.status, reply.text).toBe(400);
    expect(errorOf(reply).code).toBe("bad_request");
  }
  // The right values are accepted.
  const ok = await stack.dashboard.upload(file, {
    headers: { "x-upload-sha256": sha, "x-upload-bytes": String(Buffer.byteLength(file)) },
  });
  expect(ok.status, ok.text).toBe(200);
});

test("[input] [csrf] no x-dashboard-upload, a foreign Origin, cross-site fetch → 403, no create", async () => {
  const file = jsonlFile(1, "csrf");
  await withoutCreate(async () => {
    const cases: {
      label: string;
      headers: Record<string, string>;
      sameOrigin?: boolean;
      upload?: boolean;
    }[] = [
      { label: "no x-dashboard-upload", headers: { "content-type": "application/x-ndjson" }, upload: false },
      { label: "foreign Origin", headers: { origin: "http://127.0.0.1:4000" } },
      { label: "evil Origin", headers: { origin: "http://evil.test" } },
      { label: "null Origin", headers: { origin: "null" } },
      { label: "cross-site fetch", headers: { "sec-fetch-site": "cross-site" }, sameOrigin: false },
      { label: "same-site fetch", headers: { "sec-fetch-site": "same-site" }, sameOrigin: false },
      { label: "neither Origin nor Sec-Fetch-Site", headers: {}, sameOrigin: false },
    ];
    for (const { label, headers, sameOrigin, upload = true } of cases) {
      const reply =
        upload === false
          ? await stack.dashboard.call("POST", "/api/batches", { body: file, headers })
          : await stack.dashboard.upload(file, { headers, sameOrigin });
      expect(reply.status, `${label}: ${reply.text}`).toBe(403);
      expect(errorOf(reply).code).toBe("forbidden");
    }
    // A body the route cannot read as JSONL or JSON is refused too.
    const plain = await stack.dashboard.upload(file, { contentType: "text/plain" });
    expect(plain.status, plain.text).toBe(400);
  });
  // Sec-Fetch-Site: same-origin alone (no Origin) is a same-origin browser request.
  const ok = await stack.dashboard.upload(file, {
    headers: { "sec-fetch-site": "same-origin" },
    sameOrigin: false,
  });
  expect(ok.status, ok.text).toBe(200);
});

test("[input] an upload aborted half-way creates nothing and leaves no spool file (case 40)", async () => {
  const half = Buffer.from(jsonlFile(200, "aborted"));
  await withoutCreate(async () => {
    const body = new Readable({ read() {} });
    const sending = stack.dashboard.upload(body).then(
      (reply) => `answered ${reply.status}`,
      (error: Error) => `failed: ${error.message}`,
    );
    body.push(half.subarray(0, half.length >> 1));
    await sleep(300);
    body.destroy(new Error("the browser tab was closed"));
    expect(await sending).toMatch(/^failed/);
    await sleep(300);
  });
  // The server is fine and takes the next upload.
  const next = await stack.dashboard.upload(jsonlFile(1, "after-abort"));
  expect(next.status, next.text).toBe(200);
});

test("[input] a third concurrent upload → 429 with Retry-After while two are being checked (T10)", async () => {
  const open = [new Readable({ read() {} }), new Readable({ read() {} })];
  const pending = open.map((body, i) => {
    body.push(`${requestLine(`slow-${i}-1`)}\n`);
    return stack.dashboard.upload(body);
  });
  await sleep(500);
  const before = await stack.upstream.stats();
  const third = await stack.dashboard.upload(jsonlFile(1, "third"));
  expect((await stack.upstream.stats()).calls.create).toBe(before.calls.create);
  expect(third.status, third.text).toBe(429);
  expect(errorOf(third).code).toBe("rate_limited");
  expect(third.headers["retry-after"]).toBeDefined();
  open.forEach((body, i) => {
    body.push(`${requestLine(`slow-${i}-2`)}\n`);
    body.push(null);
  });
  for (const reply of await Promise.all(pending)) expect(reply.status, reply.text).toBe(200);
});

test("[input] uploads refused before the body is read leave no spool file behind", async () => {
  // Refused right after the spool is opened (the media type is checked first thing when reading): the spool
  // file must be gone once the answer is out, however quickly the refusal comes.
  const before = Object.keys(spoolFiles());
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 100; i++) {
      const reply = await stack.dashboard.upload(jsonlFile(1, "early"), { contentType: "text/plain" });
      expect(reply.status).toBe(400);
    }
  }
  await sleep(500);
  const left = Object.entries(spoolFiles()).filter(([name]) => !before.includes(name));
  expect(left, `${left.length} spool files (name, bytes) left after 300 refused uploads`).toEqual([]);
});
