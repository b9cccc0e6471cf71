// Key leakage, SSRF through ids, and header forwarding (security.md T5–T7; catalogue 14, 16–20). A recording
// proxy between the dashboard and the emulator shows exactly what goes upstream, adds headers that must not
// come back down, and echoes the key into every upstream error so that redaction is put to work.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import {
  Dashboard,
  errorOf,
  json,
  jsonlFile,
  makeCanary,
  occurrences,
  type RecordingProxy,
  ROOT,
  replyTexts,
  type Stack,
  sleep,
  startRecordingProxy,
  startStack,
  type WireBatch,
  waitForEnded,
} from "../api/harness";

let stack: Stack;
let proxy: RecordingProxy;
/** A second dashboard with a key the upstream rejects, behind a proxy that echoes that key back. */
let wrongKeyProxy: RecordingProxy;
let wrongKeyDashboard: Dashboard;
let wrongKey: string;

const UPSTREAM_ONLY_HEADERS = {
  "set-cookie": "upstream_session=s3cr3t; Path=/; HttpOnly",
  "cf-ray": "8f3a1b2c3d4e5f60-LHR",
  server: "cloudflare",
  "x-internal-route": "batches-7",
};

test.beforeAll(async () => {
  test.setTimeout(60_000);
  wrongKey = makeCanary("WRONGKEY");
  stack = await startStack({
    emulator: { rate: 50, latencyMs: 20 },
    proxy: { addResponseHeaders: UPSTREAM_ONLY_HEADERS, echoKeyInErrors: true },
  });
  if (!stack.proxy) throw new Error("the leak spec runs with a proxy");
  proxy = stack.proxy;
  wrongKeyProxy = await startRecordingProxy(stack.upstream.url, { echoKeyInErrors: true });
  wrongKeyDashboard = await Dashboard.start({ upstreamUrl: wrongKeyProxy.url, apiKey: wrongKey });
});

test.afterAll(async () => {
  const [output, wrongOutput] = await Promise.all([stack?.stop(), wrongKeyDashboard?.stop()]);
  await wrongKeyProxy?.close();
  if (stack) {
    const texts = [
      ...replyTexts(stack.dashboard),
      ...(wrongKeyDashboard ? replyTexts(wrongKeyDashboard) : []),
      { label: "server output", text: output ?? "" },
      { label: "wrong-key server output", text: wrongOutput ?? "" },
    ];
    expect(occurrences(stack.canary, texts)).toEqual([]);
    expect(occurrences(wrongKey, texts)).toEqual([]);
  }
});

async function endedBatch(count: number, prefix: string): Promise<WireBatch> {
  const reply = await stack.dashboard.upload(jsonlFile(count, prefix));
  expect(reply.status, reply.text).toBe(200);
  return waitForEnded(stack.dashboard, json<WireBatch>(reply).id);
}

/** Ids that are not ids: traversal, encoded separators, query and fragment, parameters, unicode, size. */
const FUZZ_IDS = [
  "..",
  "../",
  "../../v1/models",
  "msgbatch_..",
  "msgbatch_../../v1/models",
  "msgbatch_..%2F..%2Fv1%2Fmodels",
  "%2e%2e",
  "msgbatch_%2e%2e",
  "%2e%2e%2f%2e%2e%2fv1%2fmodels",
  "%2F",
  "msgbatch_a%2Fcancel",
  "msgbatch_a/../../models",
  "\\",
  "msgbatch_a\\..\\..\\models",
  "?",
  "msgbatch_a?beta=true",
  "#",
  "msgbatch_a#frag",
  ";x",
  "msgbatch_a;x",
  "msgbatch_a%3Bx",
  "msgbatch_ü",
  "msgbatch_\u202egnp",
  "msgbatch_a\u0000",
  "msgbatch_a\r\nx-api-key: sk-ant-evil",
  `msgbatch_${"a".repeat(10_000)}`,
  "msgbatch_a.b",
  "msgbatch_",
  "MSGBATCH_abc",
  " msgbatch_a",
  "msgbatch_a ",
  "http://evil.test/",
  "//evil.test",
  "@evil.test",
];

const BY_ID_ROUTES: [method: string, suffix: string][] = [
  ["GET", ""],
  ["DELETE", ""],
  ["POST", "/cancel"],
  ["GET", "/results"],
  ["GET", "/results?download=1"],
];

/** Request-targets for one fuzz id: always percent-encoded, and raw where it is printable ASCII without ?/#. */
function targetsFor(id: string): string[] {
  const targets = [encodeURIComponent(id)];
  if (/^[\x21-\x7e]+$/.test(id) && !/[?#]/.test(id)) targets.push(id);
  return targets;
}

test("[ssrf] fuzzed batch ids on every by-id route → 4xx and zero upstream calls (case 14)", async () => {
  const beforeStats = await stack.upstream.stats();
  const beforeRecorded = proxy.requests.length;
  const wrong: string[] = [];
  let sent = 0;
  for (const id of FUZZ_IDS) {
    for (const target of targetsFor(id)) {
      for (const [method, suffix] of BY_ID_ROUTES) {
        const path = `/api/batches/${target}${suffix}`;
        const reply = await stack.dashboard.call(method, path);
        sent += 1;
        const where = `${method} ${path.slice(0, 100)} → ${reply.status} ${reply.text.slice(0, 100)}`;
        // A raw dot-segment is normalised by Next before any route runs: a same-origin redirect to a path
        // (which a browser would never have sent unnormalised anyway) is fine; anything else must be a 4xx.
        const location = reply.headers.location ?? "";
        const sameOriginRedirect =
          target === id && reply.status >= 300 && reply.status < 400 && /^\/(?!\/)/.test(location);
        if (!sameOriginRedirect && (reply.status < 400 || reply.status >= 500)) wrong.push(where);
      }
    }
  }
  expect(sent).toBeGreaterThan(200);
  expect(wrong).toEqual([]);
  expect(
    proxy.requests.slice(beforeRecorded).map((request) => `${request.method} ${request.path.slice(0, 100)}`),
  ).toEqual([]);
  expect(await stack.upstream.stats()).toEqual(beforeStats);
});

test("[ssrf] valid ids reach exactly /v1/messages/batches/<id>[/cancel|/results] (case 14)", async () => {
  const batch = await endedBatch(3, "paths");
  const from = proxy.requests.length;
  const calls: [string, string, number][] = [
    ["GET", `/api/batches/${batch.id}`, 200],
    ["GET", `/api/batches/${batch.id}/results?download=1`, 200],
    ["POST", `/api/batches/${batch.id}/cancel`, 409],
    ["DELETE", `/api/batches/${batch.id}`, 200],
  ];
  for (const [method, path, status] of calls) {
    const reply = await stack.dashboard.call(method, path);
    expect(reply.status, `${method} ${path}: ${reply.text}`).toBe(status);
  }
  const recorded = proxy.requests.slice(from).map((request) => `${request.method} ${request.path}`);
  const base = `/v1/messages/batches/${batch.id}`;
  // Retrieves (the page's, and the results download's check of the batch first) may be answered from the
  // second for which the dashboard shares a read; every other call reaches the upstream once, in order.
  expect(recorded.filter((call) => call !== `GET ${base}`)).toEqual([
    `GET ${base}/results`,
    `POST ${base}/cancel`,
    `DELETE ${base}`,
  ]);
  const list = await stack.dashboard.get("/api/batches?limit=7");
  expect(list.status).toBe(200);
  expect(proxy.requests.at(-1)?.path).toBe("/v1/messages/batches?limit=7");
});

test("[ssrf] an upstream whose results_url points at another server: results come from our own path, and that server gets nothing (case 15)", async () => {
  const hits: { path: string; key: string | undefined }[] = [];
  const canary = createServer((request, response) => {
    hits.push({ path: request.url ?? "", key: request.headers["x-api-key"] as string | undefined });
    response.writeHead(200, { "content-type": "application/x-ndjson" }).end("");
  });
  await new Promise<void>((resolve) => canary.listen(0, "127.0.0.1", resolve));
  const { port } = canary.address() as AddressInfo;
  const other = await startStack({
    emulator: { rate: 100, latencyMs: 0, publicUrl: `http://127.0.0.1:${port}` },
  });
  try {
    const reply = await other.dashboard.upload(jsonlFile(3, "elsewhere"));
    expect(reply.status, reply.text).toBe(200);
    const batch = await waitForEnded(other.dashboard, json<WireBatch>(reply).id);
    expect((await other.upstream.retrieve(batch.id)).results_url).toContain(`127.0.0.1:${port}`);
    expect(batch.results_url).toBe(`/api/batches/${batch.id}/results`);
    const results = await other.dashboard.get(`/api/batches/${batch.id}/results`);
    expect(results.status).toBe(200);
    expect(results.text.trimEnd().split("\n")).toHaveLength(3);
    expect(hits, "requests that reached the server named in results_url").toEqual([]);
  } finally {
    await other.stop();
    await new Promise<void>((resolve) => canary.close(() => resolve()));
  }
});

test("[leak] browser headers never reach the upstream; only the server's key and pinned version do (case 16)", async () => {
  const batch = await endedBatch(2, "hdr");
  const evil = {
    "x-api-key": "sk-ant-evil-0123456789abcdef",
    "anthropic-version": "1999-01-01",
    "anthropic-beta": "evil-beta-2099-01-01",
    cookie: "session=victim; x-api-key=sk-ant-evil-cookie",
    "x-forwarded-for": "203.0.113.66",
    "x-forwarded-host": "evil.test",
    "x-real-ip": "203.0.113.66",
    "x-emulator-fault": "500",
    "user-agent": "evil-agent/1.0",
    "x-stainless-retry-count": "7",
  };
  const from = proxy.requests.length;
  const replies = [
    await stack.dashboard.get("/api/batches?limit=3", { headers: evil }),
    await stack.dashboard.get(`/api/batches/${batch.id}`, { headers: evil }),
    await stack.dashboard.get(`/api/batches/${batch.id}/results`, { headers: evil }),
    await stack.dashboard.upload(jsonlFile(1, "hdr-create"), { headers: evil }),
    await stack.dashboard.call("DELETE", `/api/batches/${batch.id}`, { headers: evil }),
  ];
  // The emulator accepts exactly the canary key and a known version: 200 means the evil ones were not sent.
  for (const reply of replies) expect(reply.status, `${reply.method} ${reply.path}: ${reply.text}`).toBe(200);
  const sent = proxy.requests.slice(from);
  expect(sent.length).toBeGreaterThanOrEqual(replies.length);
  const allowed = new Set([
    "host",
    "connection",
    "x-api-key",
    "anthropic-version",
    "user-agent",
    "accept",
    "content-type",
    "content-length",
  ]);
  for (const request of sent) {
    const where = `${request.method} ${request.path}`;
    expect(
      Object.keys(request.headers).filter((name) => !allowed.has(name)),
      where,
    ).toEqual([]);
    expect(request.headers["x-api-key"], where).toBe(stack.canary);
    expect(request.headers["anthropic-version"], where).toBe("2023-06-01");
    expect(request.headers["user-agent"], where).not.toContain("evil");
  }

  // A browser's Authorization header is not a way in either: refused, and nothing goes upstream.
  const before = proxy.requests.length;
  const bearer = await stack.dashboard.get("/api/batches", {
    headers: { authorization: `Bearer sk-ant-evil-0123456789abcdef` },
  });
  expect([200, 401]).toContain(bearer.status);
  for (const request of proxy.requests.slice(before)) expect(request.headers.authorization).toBeUndefined();
});

test("[leak] upstream-only response headers never reach the browser (case 17)", async () => {
  const batch = await endedBatch(2, "down");
  const replies = [
    await stack.dashboard.get("/api/batches?limit=2"),
    await stack.dashboard.get(`/api/batches/${batch.id}`),
    await stack.dashboard.get(`/api/batches/${batch.id}/results`),
    await stack.dashboard.get("/api/batches/msgbatch_doesnotexist0000"),
    await stack.dashboard.call("POST", `/api/batches/${batch.id}/cancel`),
  ];
  expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 404, 409]);
  for (const reply of stack.dashboard.replies) {
    const where = `${reply.method} ${reply.path.slice(0, 80)} → ${reply.status}`;
    expect(reply.headers["set-cookie"], where).toBeUndefined();
    expect(reply.headers["cf-ray"], where).toBeUndefined();
    expect(reply.headers["x-internal-route"], where).toBeUndefined();
    expect(reply.headers["anthropic-organization-id"], where).toBeUndefined();
    expect(reply.headers.server ?? "", where).not.toContain("cloudflare");
    expect(reply.headers["content-encoding"], where).toBeUndefined();
  }
});

test("[leak] an upstream that echoes the key in its errors: every error body is redacted (case 20)", async () => {
  const batch = await endedBatch(1, "echo");
  const errors = [
    await stack.dashboard.get("/api/batches/msgbatch_doesnotexist0001"),
    await stack.dashboard.get("/api/batches/msgbatch_doesnotexist0001/results"),
    await stack.dashboard.call("POST", `/api/batches/${batch.id}/cancel`),
    await stack.dashboard.call("DELETE", "/api/batches/msgbatch_doesnotexist0002"),
    await stack.dashboard.get("/api/batches?after_id=msgbatch_doesnotexist0003"),
  ];
  await stack.upstream.queueFaults({ kind: "500", times: 3, route: "list" });
  errors.push(await stack.dashboard.get("/api/batches?limit=4"));
  await stack.upstream.queueFaults({ kind: "429", arg: 3600, times: 1, route: "retrieve" });
  errors.push(await stack.dashboard.get(`/api/batches/${batch.id}`));
  expect(errors.map((reply) => reply.status)).toEqual([404, 404, 409, 404, 400, 502, 429]);
  for (const reply of errors) {
    const where = `${reply.method} ${reply.path} → ${reply.status}`;
    expect(reply.text, where).not.toContain(stack.canary);
    expect(reply.text, where).not.toMatch(/sk-ant-[A-Za-z0-9_-]{8,}/);
    // The upstream's message is still passed on, with the key cut out.
    expect(errorOf(reply).message, where).toContain("[REDACTED]");
  }
});

test("[leak] a key the upstream rejects → 502 upstream_auth with no key fragment in the body (case 19)", async () => {
  const beforeStats = await stack.upstream.stats();
  const replies = [
    await wrongKeyDashboard.get("/api/batches"),
    await wrongKeyDashboard.get("/api/batches/msgbatch_013Zva2CMHLNnXjNJJKqJ2EF"),
    await wrongKeyDashboard.call("POST", "/api/batches/msgbatch_013Zva2CMHLNnXjNJJKqJ2EF/cancel"),
    await wrongKeyDashboard.upload(jsonlFile(2, "wrongkey")),
  ];
  // Every 8-character piece of the key's secret part.
  const secret = wrongKey.slice("sk-ant-".length);
  const fragments = Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));
  for (const reply of replies) {
    const where = `${reply.method} ${reply.path} → ${reply.status}: ${reply.text}`;
    expect(reply.status, where).toBe(502);
    expect(errorOf(reply).code, where).toBe("upstream_auth");
    const text = `${JSON.stringify(reply.headers)}\n${reply.text}`;
    expect(
      fragments.filter((fragment) => text.includes(fragment)),
      where,
    ).toEqual([]);
    expect(text, where).not.toContain("sk-ant-");
  }
  // The upstream saw the wrong key (and nothing was created with it).
  expect(wrongKeyProxy.requests.every((request) => request.headers["x-api-key"] === wrongKey)).toBe(true);
  expect((await stack.upstream.stats()).batches).toBe(beforeStats.batches);
});

test("[leak] pages (a batch and its results too), their RSC payloads and /api/health carry no key (case 18)", async () => {
  const batch = await endedBatch(1, "pages");
  const pages = ["/", "/batches", "/batches/new", `/batches/${batch.id}`, `/batches/${batch.id}/results`];
  for (const path of [...pages, "/login", "/api/health", "/does-not-exist"]) {
    // Only what they carry is checked here; whether the pages work is the browser tests' business.
    await stack.dashboard.get(path);
    await stack.dashboard.get(`${path}?_rsc=leak`, { headers: { rsc: "1" } });
  }
  const health = json<Record<string, unknown>>(await stack.dashboard.get("/api/health"));
  // Nor the upstream's address (the proxy's, as the dashboard knows it).
  expect(JSON.stringify(health)).not.toContain(new URL(proxy.url).host);
  expect(JSON.stringify(health)).not.toContain(new URL(proxy.url).port);
  expect(occurrences(stack.canary, replyTexts(stack.dashboard))).toEqual([]);
  expect(occurrences("sk-ant-", replyTexts(stack.dashboard))).toEqual([]);
});

test("[leak] Chromium opening the list, a batch, its results and the new-batch page gets the key in no response: documents, scripts, RSC payloads, API answers (case 18)", async ({
  page,
}) => {
  const batch = await endedBatch(2, "browse");
  const received: Promise<{ label: string; text: string; type: string }>[] = [];
  // On "requestfinished" the body is in; a body asked for earlier may never arrive once the page has read it.
  page.on("requestfinished", (request) => {
    received.push(
      (async () => {
        const response = await request.response();
        const headers = (await response?.allHeaders()) ?? {};
        const body = response && (await response.body().catch(() => undefined));
        return {
          label: `${request.method()} ${request.url().slice(0, 100)} → ${response?.status()}`,
          text: `${Object.entries(headers)
            .map(([name, value]) => `${name}: ${value}`)
            .join("\n")}\n\n${body?.toString("latin1") ?? ""}`,
          type: headers["content-type"] ?? "",
        };
      })(),
    );
  });
  await page.goto(`${stack.dashboard.origin}/batches`);
  // Client-side navigations: the pages come as RSC payloads, not documents.
  await page.locator(`a[href="/batches/${batch.id}"]`).first().click();
  await expect(page).toHaveURL(`${stack.dashboard.origin}/batches/${batch.id}`);
  await page.getByTestId("open-results").click();
  await expect(page.getByText("browse-2").first()).toBeVisible();
  await page.goto(`${stack.dashboard.origin}/batches/new`);
  await page.waitForLoadState("networkidle");
  // The pages render their first data on the server, so ask the API the way their polls do, an error
  // through the key-echoing upstream included. The results again from the page itself: the viewer reads
  // them in a worker, whose response Playwright does not always report as finished.
  await page.evaluate(async (id) => {
    for (const path of [
      "/api/batches",
      `/api/batches/${id}`,
      `/api/batches/${id}/results`,
      "/api/batches/msgbatch_doesnotexist0005",
    ]) {
      await (await fetch(path)).text();
    }
  }, batch.id);

  const texts = await Promise.all(received);
  const types = texts.map((text) => text.type);
  // Each kind of answer was looked into, not only the first document.
  for (const type of [
    "text/html",
    "javascript",
    "text/x-component",
    "application/json",
    "application/x-ndjson",
  ]) {
    expect(
      types.some((candidate) => candidate.includes(type)),
      `a response of type ${type}`,
    ).toBe(true);
  }
  expect(occurrences(stack.canary, texts)).toEqual([]);
  expect(occurrences("sk-ant-", texts)).toEqual([]);
  expect(occurrences(new URL(proxy.url).host, texts)).toEqual([]);
});

// --------------------------------------------------------------------------------------------------------
// The build output

interface Scan {
  files: number;
  bytes: number;
  hits: string[];
}

/** Looks through every file under the build directories for `patterns`; files that vanish mid-scan are skipped. */
function scanBuild(patterns: { label: string; re: RegExp }[], dirs: string[]): Scan {
  const scan: Scan = { files: 0, bytes: 0, hits: [] };
  const visit = (path: string) => {
    let entries: string[];
    try {
      if (!statSync(path).isDirectory()) {
        const text = readFileSync(path).toString("latin1");
        scan.files += 1;
        scan.bytes += text.length;
        for (const { label, re } of patterns) {
          const match = re.exec(text);
          if (match) scan.hits.push(`${label}: ${path.slice(ROOT.length + 1)}: ${match[0].slice(0, 80)}`);
        }
        return;
      }
      entries = readdirSync(path);
    } catch {
      return;
    }
    for (const entry of entries) visit(join(path, entry));
  };
  for (const dir of dirs) visit(join(ROOT, dir));
  return scan;
}

test("[leak] the build output holds no key: no canary, no key-shaped string, no baked-in ANTHROPIC_API_KEY (case 18)", async () => {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const patterns = [
    { label: "canary prefix", re: /sk-ant-CANARY/ },
    { label: "this run's canary", re: new RegExp(literal(stack.canary)) },
    { label: "key-shaped string", re: /sk-ant-[A-Za-z0-9_-]{8,}/ },
    { label: "ANTHROPIC_API_KEY given a literal value", re: /ANTHROPIC_API_KEY["']?\s*[:=]\s*["'`][^"'`\s]/ },
  ];
  const runnerKey = process.env.ANTHROPIC_API_KEY;
  if (runnerKey && runnerKey.length >= 8)
    patterns.push({ label: "the shell's ANTHROPIC_API_KEY", re: new RegExp(literal(runnerKey)) });
  const dirs = [join(".next", "static"), join(".next", "server"), join(".next", "standalone")];

  let scan = scanBuild(patterns, dirs);
  // Another engineer's rebuild may have emptied .next for a moment: wait for it once, then scan again.
  if (scan.files < 50) {
    await sleep(20_000);
    scan = scanBuild(patterns, dirs);
  }
  expect(scan.files, "files scanned under .next/{static,server,standalone}").toBeGreaterThan(50);
  expect(scan.hits).toEqual([]);
  // The browser bundles do not even name the variable.
  const client = scanBuild(
    [{ label: "names ANTHROPIC", re: /ANTHROPIC_(API_KEY|BASE_URL)/ }],
    [join(".next", "static")],
  );
  expect(client.files).toBeGreaterThan(0);
  expect(client.hits).toEqual([]);
});

test("[leak] after everything above: the canary is in no response and not in the server's output (case 18)", async () => {
  // One more error path through the key-echoing upstream, so the logs have had something to say.
  await stack.dashboard.get("/api/batches/msgbatch_doesnotexist0004");
  await sleep(200);
  const texts = [
    ...replyTexts(stack.dashboard),
    ...replyTexts(wrongKeyDashboard),
    { label: "server output", text: stack.dashboard.output.join("") },
    { label: "wrong-key server output", text: wrongKeyDashboard.output.join("") },
  ];
  expect(stack.dashboard.replies.length).toBeGreaterThan(10);
  expect(occurrences(stack.canary, texts)).toEqual([]);
  expect(occurrences(wrongKey, texts)).toEqual([]);
  expect(occurrences("sk-ant-CANARY", texts)).toEqual([]);
});
