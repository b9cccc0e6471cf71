// Access control end to end (security.md §5.2, cases 1–13, and the response headers of §1.5 / T8): the
// launcher's refusals, the Host allow-list, the session, the Origin rule, CORS and framing, against two real
// servers started by `npm start`'s launcher: one without a password (port 3927) and one with
// DASHBOARD_PASSWORD (port 3928). Where a browser is the attacker (forms, `no-cors` fetches, cross-origin
// reads, DNS rebinding, framing, password guessing), Chromium plays it. Every request goes to 127.0.0.1.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, expect, type Page, test } from "@playwright/test";
import { SESSION_TTL_SECONDS, sessionKey, signSession } from "../../../lib/auth/session";
import { SYSTEM_CHROMIUM, SYSTEM_CHROMIUM_ARGS } from "../../system-chromium";
import { freePort, makeCanary, ROOT, sleep } from "../api/harness";
import { type Launched, launch, spawnLauncher } from "./launcher";

const OPEN_PORT = 3927;
const OPEN = `http://127.0.0.1:${OPEN_PORT}`;
const LOCKED_PORT = 3928;
const LOCKED = `http://127.0.0.1:${LOCKED_PORT}`;
const PASSWORD = "e2e password, long enough";
const API_TOKEN = "e2e-api-token-0123456789";
const SESSION_SECRET = "e2e-session-secret-0123456789abcdef";
/** The locked dashboard's upstream key (its embedded emulator accepts only this one). */
const LOCKED_KEY = makeCanary("ACCESS");

// ---------------------------------------------------------------------------------------------------------
// Helpers

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with exactly the headers given (Host included), as curl would send it. */
function raw(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? "GET",
        headers: options.headers,
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    request.on("error", reject);
    request.setTimeout(20_000, () =>
      request.destroy(new Error(`timed out: ${options.method ?? "GET"} ${path}`)),
    );
    request.end(options.body);
  });
}

function setCookies(response: RawResponse): string[] {
  return response.headers["set-cookie"] ?? [];
}

async function login(): Promise<string> {
  const response = await raw(LOCKED, "/api/auth/login", {
    method: "POST",
    headers: { origin: LOCKED, "sec-fetch-site": "same-origin", "content-type": "application/json" },
    body: JSON.stringify({ password: PASSWORD }),
  });
  expect(response.status).toBe(204);
  const cookie = setCookies(response)[0] ?? "";
  return cookie.split(";")[0] ?? "";
}

/** A page on another port of 127.0.0.1: same site as the dashboard, different origin (finding 3). */
interface Attacker {
  url: string;
  close: () => Promise<void>;
}

/**
 * What the attacker's script tries to read from the dashboard (`target` is its origin), each with the
 * victim's cookies: the API, the session, the sign-in page, a page and a page's RSC payload.
 */
const READ_ATTEMPTS = `[
  ["cors GET /api/batches", "/api/batches", { credentials: "include" }],
  ["cors GET /api/auth/session", "/api/auth/session", { credentials: "include" }],
  ["cors GET /login", "/login", { credentials: "include" }],
  ["cors GET /batches", "/batches", { credentials: "include" }],
  ["cors GET /batches RSC payload", "/batches?_rsc=attack", { credentials: "include", headers: { RSC: "1" } }],
  ["no-cors GET /api/batches", "/api/batches", { mode: "no-cors", credentials: "include" }],
  ["no-cors GET /batches RSC payload", "/batches?_rsc=attack", { mode: "no-cors", credentials: "include" }],
]`;

async function startAttacker(): Promise<Attacker> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const target = url.searchParams.get("target") ?? "";
    if (!target.startsWith("http://127.0.0.1:")) {
      response.writeHead(400).end("targets must be on 127.0.0.1");
      return;
    }
    let html = "";
    if (url.pathname === "/form") {
      const enctype = url.searchParams.get("enctype") ?? "text/plain";
      html = `<form id="f" method="POST" action="${target}" enctype="${enctype}">
        <input name='{"password":"x","junk":"' value='"}'></form>
        <script>document.getElementById("f").submit()</script>`;
    } else if (url.pathname === "/no-cors") {
      html = `<script>
        window.done = fetch(${JSON.stringify(target)}, { method: "POST", mode: "no-cors", credentials: "include",
          body: '{"password":"x"}' }).then(() => "sent", (error) => String(error));
      </script>`;
    } else if (url.pathname === "/cors-delete") {
      html = `<script>
        window.done = fetch(${JSON.stringify(target)}, { method: "DELETE", credentials: "include" })
          .then((r) => "answered " + r.status, (error) => "blocked: " + error);
      </script>`;
    } else if (url.pathname === "/read") {
      // "read N characters" would be a leak; "opaque" is a no-cors answer the script cannot look into.
      html = `<script>
        window.done = Promise.all(${READ_ATTEMPTS}.map(([name, path, init]) =>
          fetch(${JSON.stringify(target)} + path, init)
            .then((r) => r.type === "opaque" ? "opaque" : r.text().then((text) => "read " + text.length + " characters"))
            .then((outcome) => [name, outcome], () => [name, "blocked"])));
      </script>`;
    } else if (url.pathname === "/frame") {
      html = `<h1>attacker</h1><iframe id="victim" src="${target}" width="800" height="600"></iframe>`;
    }
    response.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><body>${html}</body>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function attackerPage(attacker: Attacker, path: string, target: string, enctype = "text/plain"): string {
  return `${attacker.url}${path}?target=${encodeURIComponent(target)}&enctype=${encodeURIComponent(enctype)}`;
}

function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    ...(existsSync(SYSTEM_CHROMIUM) && { executablePath: SYSTEM_CHROMIUM }),
    args: [...SYSTEM_CHROMIUM_ARGS, "--disable-quic", ...extraArgs],
  });
}

/** One request as Chromium put it on the wire, and the dashboard's answer (header names in lower case). */
interface Exchange {
  status: number;
  sent: Record<string, string>;
  received: Record<string, string>;
}

const lowerCaseKeys = (headers: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));

/**
 * Opens `url` in `page` and returns the first request it makes to `target`, as the DevTools protocol sees
 * it: the cookie and Sec-Fetch-* headers Chromium really sent, and the dashboard's status and headers. The
 * attacker's script itself may see none of it (an opaque or CORS-blocked answer), which is the point.
 */
async function onTheWire(page: Page, url: string, target: string): Promise<Exchange> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const ids: string[] = [];
  const sent = new Map<string, Record<string, string>>();
  const answers = new Map<string, { status: number; headers: Record<string, string> }>();
  cdp.on("Network.requestWillBeSent", (event) => {
    if (event.request.url === target && event.type !== "Preflight") ids.push(event.requestId);
  });
  cdp.on("Network.requestWillBeSentExtraInfo", (event) =>
    sent.set(event.requestId, lowerCaseKeys(event.headers)),
  );
  cdp.on("Network.responseReceivedExtraInfo", (event) =>
    answers.set(event.requestId, { status: event.statusCode, headers: lowerCaseKeys(event.headers) }),
  );
  const exchange = (): Exchange | undefined => {
    const id = ids[0];
    const answer = id === undefined ? undefined : answers.get(id);
    const headers = id === undefined ? undefined : sent.get(id);
    return answer && headers && { status: answer.status, sent: headers, received: answer.headers };
  };
  try {
    await page.goto(url);
    await expect.poll(exchange, { timeout: 10_000, message: `a request to ${target}` }).toBeDefined();
    return exchange() as Exchange;
  } finally {
    await cdp.detach();
  }
}

/** A cross-origin form that submits itself to `target` (text/plain, multipart or urlencoded). */
function formPost(page: Page, attacker: Attacker, target: string, enctype = "text/plain") {
  return onTheWire(page, attackerPage(attacker, "/form", target, enctype), target);
}

/**
 * A `no-cors` credentialed POST from the attacker page. The browser withholds even the opaque response
 * (Cross-Origin-Resource-Policy: same-origin), so only the wire shows the dashboard's answer.
 */
function noCorsPost(page: Page, attacker: Attacker, target: string) {
  return onTheWire(page, attackerPage(attacker, "/no-cors", target), target);
}

/** Frames `target` in another origin's page: Chromium must refuse it (frame-ancestors 'none'). */
async function expectFramingRefused(page: Page, target: string): Promise<void> {
  const attacker = await startAttacker();
  try {
    const refusals: string[] = [];
    page.on("console", (message) => refusals.push(message.text()));
    await page.goto(attackerPage(attacker, "/frame", target));
    await expect(page.getByRole("heading", { name: "attacker" })).toBeVisible();
    await expect.poll(() => refusals.join("\n"), { timeout: 10_000 }).toMatch(/frame-ancestors 'none'/);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    if (frame) {
      await expect(frame.locator("main, form, nav")).toHaveCount(0);
    }
  } finally {
    await attacker.close();
  }
}

/** DNS rebinding, simulated: the attacker's name resolves to 127.0.0.1 (security.md §5.1). */
const REBIND_RULE = "--host-resolver-rules=MAP rebind.test 127.0.0.1";

/** Calls the embedded emulator has answered so far, by route (its admin API needs no key). */
async function emulatorCalls(emulatorUrl: string): Promise<Record<string, number>> {
  const response = await fetch(`${emulatorUrl}/_emulator/stats`);
  return ((await response.json()) as { calls: Record<string, number> }).calls;
}

/** Ports this machine listens on over TCP, from /proc (no `ss` needed): "address:port" in hex-decoded form. */
function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (!local || fields[3] !== "0A") continue; // 0A = LISTEN
      const [addressHex, portHex] = local.split(":");
      if (!addressHex || !portHex || Number.parseInt(portHex, 16) !== port) continue;
      if (addressHex.length === 8) {
        const bytes = addressHex.match(/../g)?.map((byte) => Number.parseInt(byte, 16)) ?? [];
        found.push(bytes.reverse().join("."));
      } else {
        found.push(addressHex === "00000000000000000000000001000000" ? "::1" : `ipv6:${addressHex}`);
      }
    }
  }
  return found;
}

interface Refusal {
  code: number | null;
  output: string;
  /** Every address the launcher (or anything it started) listened on at `port` while it ran. */
  listened: string[];
  ms: number;
}

/**
 * Runs the launcher as `npm start` would, with only `env` set, and watches its port until it exits: a
 * refusal has to come before anything binds (and before the embedded emulator starts).
 */
async function refusedLaunch(env: Record<string, string>): Promise<Refusal> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(ROOT, ".data", "e2e-refused-"));
  const started = Date.now();
  const { child, output, exited } = spawnLauncher(port, env, dataDir);
  const listened = new Set<string>();
  let code: number | null | undefined;
  void exited.then((value) => {
    code = value;
  });
  try {
    while (code === undefined) {
      for (const address of listeningAddresses(port)) listened.add(address);
      if (Date.now() - started > 30_000) throw new Error(`the launcher did not exit:\n${output()}`);
      await sleep(20);
    }
  } finally {
    child.kill("SIGKILL");
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { code, output: output(), listened: [...listened], ms: Date.now() - started };
}

// ---------------------------------------------------------------------------------------------------------
// The dashboard as `npm start` runs it: no password, loopback only.

test.describe("open dashboard (no password)", () => {
  let server: Launched;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = await launch(OPEN_PORT);
  });

  test.afterAll(async () => {
    await server?.stop();
  });

  test("[auth] a network HOST without DASHBOARD_PASSWORD and PUBLIC_ORIGIN: the launcher exits 1 before binding, saying why (case 7)", async () => {
    const origin = "https://batches.example.com";
    const shortPassword = "tooShort-e2e-pw";
    const refused: [Record<string, string>, string][] = [
      [{ HOST: "0.0.0.0" }, "will not listen on HOST=0.0.0.0 without DASHBOARD_PASSWORD and PUBLIC_ORIGIN"],
      [{ HOST: "::" }, "will not listen on HOST=:: without DASHBOARD_PASSWORD and PUBLIC_ORIGIN"],
      [
        { HOST: "0.0.0.0", DASHBOARD_PASSWORD: PASSWORD },
        "will not listen on HOST=0.0.0.0 without PUBLIC_ORIGIN",
      ],
      [
        { HOST: "0.0.0.0", PUBLIC_ORIGIN: origin },
        "will not listen on HOST=0.0.0.0 without DASHBOARD_PASSWORD",
      ],
      [
        { HOST: "0.0.0.0", PUBLIC_ORIGIN: origin, DASHBOARD_PASSWORD: shortPassword },
        "DASHBOARD_PASSWORD must be at least 16 characters long",
      ],
      [
        { HOST: "0.0.0.0", PUBLIC_ORIGIN: "http://batches.example.com", DASHBOARD_PASSWORD: PASSWORD },
        "is plain http",
      ],
      // A reverse proxy on this machine makes a loopback bind public too.
      [{ PUBLIC_ORIGIN: origin }, "there is no DASHBOARD_PASSWORD"],
    ];
    const runs = await Promise.all(refused.map(([env]) => refusedLaunch(env)));
    runs.forEach((run, i) => {
      const [env, reason] = refused[i] as [Record<string, string>, string];
      const where = `${JSON.stringify(env)}:\n${run.output}`;
      expect(run.code, where).toBe(1);
      expect(run.output, where).toContain(reason);
      expect(run.listened, where).toEqual([]);
      // Nothing started: neither the server nor the embedded emulator announced itself.
      expect(run.output, where).not.toContain("listening on");
      expect(run.output, where).not.toContain("emulator");
      expect(run.output, where).not.toContain(PASSWORD);
      expect(run.output, where).not.toContain(shortPassword);
    });
  });

  test("[auth] the default start listens on 127.0.0.1 only (case 7)", () => {
    test.skip(!existsSync("/proc/net/tcp"), "needs Linux /proc");
    const addresses = listeningAddresses(OPEN_PORT);
    expect(addresses.length).toBeGreaterThan(0);
    expect(new Set(addresses)).toEqual(new Set(["127.0.0.1"]));
  });

  test("[auth] a foreign Host gets 421 on every route, reads and writes (case 6)", async () => {
    for (const host of ["evil.test:3927", "rebind.test:3927", "127.0.0.1:9999", "192.168.0.10:3927"]) {
      const session = await raw(OPEN, "/api/auth/session", { headers: { host } });
      expect(session.status, host).toBe(421);
      expect(JSON.parse(session.body)).toMatchObject({ error: { code: "misdirected" } });
      expect((await raw(OPEN, "/api/batches", { headers: { host } })).status, host).toBe(421);
      const logout = await raw(OPEN, "/api/auth/logout", {
        method: "POST",
        headers: { host, origin: `http://${host}` },
      });
      expect(logout.status, host).toBe(421);
    }
    // The right Host works.
    expect((await raw(OPEN, "/api/auth/session")).status).toBe(200);
  });

  test("[auth] a DNS-rebinding page (rebind.test → 127.0.0.1) sees neither the app nor the API, and the upstream is never called (case 6)", async () => {
    const before = await emulatorCalls(server.emulatorUrl);
    const browser = await launchChromium([REBIND_RULE]);
    try {
      const page = await browser.newPage();
      await page.goto("http://rebind.test:3927/batches");
      await expect(page.getByTestId("misdirected")).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
      await expect(page.getByTestId("emulator-badge")).toHaveCount(0);
      // To the attacker's script the API is same-origin, so it could read any answer: there must be none.
      const cancel = page.waitForRequest((request) => request.url().endsWith("/cancel"));
      const statuses = await page.evaluate(async () => {
        const read = await fetch("/api/batches");
        const session = await fetch("/api/auth/session");
        const write = await fetch("/api/batches/msgbatch_rebind/cancel", { method: "POST" });
        const logout = await fetch("/api/auth/logout", { method: "POST" });
        return [read.status, session.status, write.status, logout.status];
      });
      expect(statuses).toEqual([421, 421, 421, 421]);
      // Why Origin == Host proves nothing here (finding 4): the attacker's name is in both, and Chromium
      // sends no Sec-Fetch-Site to a non-secure origin.
      const sent = await (await cancel).allHeaders();
      expect(sent.origin).toBe("http://rebind.test:3927");
      expect(sent["sec-fetch-site"]).toBeUndefined();
    } finally {
      await browser.close();
    }
    expect(await emulatorCalls(server.emulatorUrl)).toEqual(before);
  });

  test("[csrf] a page on another port cannot post to the dashboard: forms and no-cors fetches → 403 (cases 9, 10, 12)", async ({
    page,
  }) => {
    const before = await emulatorCalls(server.emulatorUrl);
    const attacker = await startAttacker();
    try {
      for (const target of [`${OPEN}/api/auth/logout`, `${OPEN}/api/batches/msgbatch_csrf/cancel`]) {
        const form = await formPost(page, attacker, target);
        expect(form.status, target).toBe(403);
        // The hard case: to Chromium another port of 127.0.0.1 is the same site (finding 3).
        expect(form.sent, target).toMatchObject({ origin: attacker.url, "sec-fetch-site": "same-site" });
        expect((await noCorsPost(page, attacker, target)).status, target).toBe(403);
      }
      expect((await noCorsPost(page, attacker, `${OPEN}/api/batches`)).status).toBe(403);
    } finally {
      await attacker.close();
    }
    expect(await emulatorCalls(server.emulatorUrl)).toEqual(before);
    // The dashboard's own page may post (Sec-Fetch-Site: same-origin)...
    await page.goto(`${OPEN}/batches`);
    const own = await page.evaluate(async () => (await fetch("/api/auth/logout", { method: "POST" })).status);
    expect(own).toBe(204);
    // ...and a state-changing call with neither Origin nor Sec-Fetch-Site is refused.
    expect((await raw(OPEN, "/api/auth/logout", { method: "POST" })).status).toBe(403);
  });

  test("[csrf] the dashboard cannot be framed by another origin (case 13)", async ({ page }) => {
    await expectFramingRefused(page, `${OPEN}/batches`);
  });

  test("[auth] without a password there is no sign-in: /login goes to the app, the login API is 404", async ({
    page,
  }) => {
    await page.goto(`${OPEN}/login?next=/batches/new`);
    await expect(page).toHaveURL(`${OPEN}/batches/new`);
    const response = await raw(OPEN, "/api/auth/login", {
      method: "POST",
      headers: { origin: OPEN, "content-type": "application/json" },
      body: JSON.stringify({ password: "anything at all here" }),
    });
    expect(response.status).toBe(404);
    expect(await (await page.request.get(`${OPEN}/api/auth/session`)).json()).toEqual({
      principal: "local",
      login_required: false,
      expires_at: null,
    });
  });

  test("[auth] every kind of answer carries the §1.5 headers: no framing, no sniffing, no referrer, no-store on the API, never a CORS grant (T8)", async () => {
    const preflight = {
      origin: "http://127.0.0.1:4000",
      "access-control-request-method": "DELETE",
      "access-control-request-headers": "content-type, x-dashboard-upload",
    };
    const answers: [string, RawResponse][] = [
      ["page", await raw(OPEN, "/batches")],
      ["RSC payload", await raw(OPEN, "/batches?_rsc=headers", { headers: { rsc: "1" } })],
      ["redirect", await raw(OPEN, "/login")],
      ["missing page", await raw(OPEN, "/nowhere")],
      ["API 200", await raw(OPEN, "/api/batches")],
      ["API bad id", await raw(OPEN, "/api/batches/not-an-id")],
      ["API 403", await raw(OPEN, "/api/auth/logout", { method: "POST" })],
      ["API 421", await raw(OPEN, "/api/auth/session", { headers: { host: "evil.test" } })],
      [
        "API preflight",
        await raw(OPEN, "/api/batches/msgbatch_x", { method: "OPTIONS", headers: preflight }),
      ],
      [
        "API preflight for an upload",
        await raw(OPEN, "/api/batches", {
          method: "OPTIONS",
          headers: { ...preflight, "access-control-request-method": "POST" },
        }),
      ],
    ];
    for (const [what, response] of answers) {
      const where = `${what} → ${response.status}`;
      expect(response.headers["x-frame-options"], where).toBe("DENY");
      expect(response.headers["content-security-policy"], where).toContain("frame-ancestors 'none'");
      expect(response.headers["x-content-type-options"], where).toBe("nosniff");
      expect(response.headers["referrer-policy"], where).toBe("no-referrer");
      expect(response.headers["cross-origin-resource-policy"], where).toBe("same-origin");
      expect(response.headers["x-powered-by"], where).toBeUndefined();
      const grants = Object.keys(response.headers).filter((name) => name.startsWith("access-control-"));
      expect(grants, where).toEqual([]);
      if (what.startsWith("API")) expect(response.headers["cache-control"], where).toBe("no-store");
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// A second instance with DASHBOARD_PASSWORD and DASHBOARD_API_TOKEN on port 3928.

test.describe("locked dashboard (DASHBOARD_PASSWORD set)", () => {
  test.describe.configure({ mode: "serial", timeout: 120_000 });

  let server: Launched;
  let emulatorUrl = "";
  let dataDir = "";

  test.beforeAll(async () => {
    server = await launch(LOCKED_PORT, {
      DASHBOARD_PASSWORD: PASSWORD,
      DASHBOARD_API_TOKEN: API_TOKEN,
      SESSION_SECRET,
      EMULATOR_API_KEY: LOCKED_KEY,
    });
    ({ emulatorUrl, dataDir } = server);
    expect(emulatorUrl).not.toBe("");
  });

  test.afterAll(async () => {
    await server?.stop();
  });

  test("[auth] the launcher logs the address and the access mode, never a secret", () => {
    const output = server.output();
    expect(output).toContain(`listening on ${LOCKED}`);
    expect(output).toContain("Access: sign-in required");
    for (const secret of [PASSWORD, API_TOKEN, SESSION_SECRET, LOCKED_KEY])
      expect(output).not.toContain(secret);
  });

  test("[auth] without a session every API route is 401, and nothing reaches the upstream (case 1)", async () => {
    const before = await emulatorCalls(emulatorUrl);
    for (const [method, path] of [
      ["GET", "/api/batches"],
      ["GET", "/api/batches/msgbatch_x"],
      ["GET", "/api/batches/msgbatch_x/results"],
      ["GET", "/api/auth/session"],
    ] as const) {
      const response = await raw(LOCKED, path, { method });
      expect(response.status, path).toBe(401);
      expect(response.headers["content-type"]).toContain("application/json");
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: "unauthorized" } });
    }
    // /api/health stays open (it holds no secret and no batch data).
    expect((await raw(LOCKED, "/api/health")).status).toBe(200);
    expect(await emulatorCalls(emulatorUrl)).toEqual(before);
  });

  test("[auth] middleware-skip headers and RSC variants get around the guard on neither API routes nor pages (case 5)", async () => {
    const skips = [
      { "x-middleware-subrequest": Array(5).fill("middleware").join(":") },
      { "x-middleware-subrequest": Array(5).fill("proxy").join(":") },
      { "x-middleware-subrequest": Array(5).fill("src/middleware").join(":") },
    ];
    for (const headers of skips) {
      expect((await raw(LOCKED, "/api/batches", { headers })).status).toBe(401);
      expect((await raw(LOCKED, "/api/auth/session", { headers })).status).toBe(401);
    }
    const rscHeaders = [
      { rsc: "1" },
      { rsc: "1", "next-router-prefetch": "1" },
      { rsc: "1", "next-router-prefetch": "1", "next-router-segment-prefetch": "/_tree" },
      {
        rsc: "1",
        "next-router-state-tree": encodeURIComponent(JSON.stringify(["", { children: ["batches", {}] }])),
      },
    ];
    for (const path of [
      "/batches",
      "/batches/new",
      "/batches?_rsc=1",
      "/batches.rsc",
      "/batches/new.rsc",
      "/batches/msgbatch_e2e",
      "/batches/msgbatch_e2e.rsc",
      "/batches/msgbatch_e2e/results",
    ]) {
      const pageSkips = skips.flatMap((skip) => [skip, { ...skip, rsc: "1" }]);
      for (const headers of [{}, ...rscHeaders, ...pageSkips]) {
        const response = await raw(LOCKED, path, { headers });
        const where = `${path} ${JSON.stringify(headers)}`;
        if (response.status === 200) {
          // `/batches/<x>.rsc` is a flight request for the /batches/[batchId] page, which Next answers with
          // 200; the page's redirect to sign-in then travels inside the payload, and is all it holds.
          expect(path, where).toMatch(/^\/batches\/[^/]+\.rsc$/);
          expect(response.headers["content-type"], where).toContain("text/x-component");
          expect(response.body, where).toContain("NEXT_REDIRECT;replace;/login");
        }
        expect(response.body).not.toContain("file-drop-zone");
        expect(response.body).not.toContain("Drop a request file here");
        expect(response.body).not.toContain("batch-list");
        expect(response.body).not.toContain("batch-detail");
      }
    }
    for (const path of ["/api/batches.rsc", "/api/batches?_rsc=1", "/api/auth/session?_rsc=1"]) {
      let response = await raw(LOCKED, path, { headers: { rsc: "1" } });
      // Next answers a wrong `_rsc` cache-buster with a redirect to the same path; follow it once.
      const location = response.headers.location;
      if (response.status === 307 && location?.startsWith(path.split("?")[0] ?? "")) {
        response = await raw(LOCKED, location, { headers: { rsc: "1" } });
      }
      expect([401, 404], path).toContain(response.status);
      expect(response.body).not.toContain('"data"');
    }
  });

  test("[auth] pages send the browser to /login and back after signing in (cases 3, 12)", async ({
    browser,
  }) => {
    const context = await browser.newContext({ baseURL: LOCKED });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    await page.goto("/batches/new");
    await expect(page).toHaveURL(`${LOCKED}/login?next=%2Fbatches%2Fnew`);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    // Signed out, the header shows nothing about the dashboard.
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    await expect(page.getByTestId("emulator-badge")).toHaveCount(0);

    // Keyboard only: the field has focus, Enter submits, the error is announced.
    const password = page.getByLabel("Password");
    await expect(password).toBeFocused();
    await page.keyboard.type("not the password at all");
    await page.keyboard.press("Enter");
    // (Next's own route announcer is an empty role=alert too, hence the test id.)
    const alert = page.getByTestId("sign-in-error");
    await expect(alert).toHaveAttribute("role", "alert");
    await expect(alert).toHaveText("That password is not right.");
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(password).toHaveAttribute("aria-describedby", (await alert.getAttribute("id")) ?? "");
    expect(await context.cookies()).toEqual([]);

    await password.fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${LOCKED}/batches/new`);
    await expect(page.getByRole("heading", { level: 1, name: "New batch" })).toBeVisible();

    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({
      name: "bb_session",
      httpOnly: true,
      sameSite: "Strict",
      path: "/",
      secure: false,
    });
    expect(cookie?.value).not.toContain(PASSWORD);
    expect(Buffer.from(cookie?.value.split(".")[1] ?? "", "base64url").toString()).not.toContain(PASSWORD);

    // A same-origin call from the page goes through (case 12).
    const status = await page.evaluate(async () => (await fetch("/api/auth/session")).status);
    expect(status).toBe(200);
    // Signed in, /login goes straight on.
    await page.goto("/login?next=/batches");
    await expect(page).toHaveURL(`${LOCKED}/batches`);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${LOCKED}/login`);
    expect(await context.cookies()).toEqual([]);
    await page.goto("/batches");
    await expect(page).toHaveURL(`${LOCKED}/login`);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("[auth] the session cookie is HttpOnly, SameSite=Strict, Path=/, and holds a random id and two times: neither the password nor the key (case 3)", async () => {
    const response = await raw(LOCKED, "/api/auth/login", {
      method: "POST",
      headers: { origin: LOCKED, "content-type": "application/json" },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(response.status).toBe(204);
    const cookies = setCookies(response);
    expect(cookies).toHaveLength(1);
    const cookie = cookies[0] ?? "";
    // Over http: no Secure, no __Host- prefix (the https variant: tests/unit/auth/login-route.test.ts).
    expect(cookie).toMatch(
      /^bb_session=v1\.[\w-]+\.[\w-]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/,
    );
    const token = cookie.slice("bb_session=".length).split(";")[0] ?? "";
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
    expect(Object.keys(payload).sort()).toEqual(["exp", "iat", "sid"]);
    expect(payload.sid).toMatch(/^[\w-]{22}$/);
    expect(payload.exp - payload.iat).toBe(SESSION_TTL_SECONDS);
    for (const secret of [PASSWORD, API_TOKEN, SESSION_SECRET, LOCKED_KEY])
      expect(cookie).not.toContain(secret);
    expect(response.body).toBe("");
  });

  test("[auth] a tampered or expired cookie is refused (case 4)", async () => {
    const cookie = await login();
    expect((await raw(LOCKED, "/api/auth/session", { headers: { cookie } })).status).toBe(200);
    const token = cookie.slice("bb_session=".length);
    const [version, body, mac] = token.split(".") as [string, string, string];
    const flip = (text: string, index: number) =>
      `${text.slice(0, index)}${text[index] === "A" ? "B" : "A"}${text.slice(index + 1)}`;
    const key = sessionKey(SESSION_SECRET, PASSWORD);
    const now = Math.floor(Date.now() / 1000);
    const refused = [
      `${version}.${flip(body, 5)}.${mac}`,
      `${version}.${body}.${flip(mac, 10)}`,
      `${version}.${body}.${flip(mac, mac.length - 1)}`,
      signSession(key, { sid: "AAAAAAAAAAAAAAAAAAAAAA", iat: now - 3600, exp: now - 1 }),
      signSession(sessionKey("another secret that is long enough!", PASSWORD), {
        sid: "AAAAAAAAAAAAAAAAAAAAAA",
        iat: now,
        exp: now + 3600,
      }),
    ];
    for (const value of refused) {
      const response = await raw(LOCKED, "/api/auth/session", { headers: { cookie: `bb_session=${value}` } });
      expect(response.status, value).toBe(401);
    }
    // A cookie the test signs with the server's own secret is accepted: the check above is the MAC and exp.
    const forgedButValid = signSession(key, { sid: "AAAAAAAAAAAAAAAAAAAAAA", iat: now, exp: now + 60 });
    expect(
      (await raw(LOCKED, "/api/auth/session", { headers: { cookie: `bb_session=${forgedButValid}` } }))
        .status,
    ).toBe(200);
  });

  test("[auth] a stolen session cookie works in another browser until it expires: signing out clears only the victim's copy (§1.5)", async ({
    browser,
  }) => {
    // The design (security.md §1.5) is a stateless signed cookie: sign-out clears the cookie of the browser
    // that signs out; a copy stays valid until its exp (12 h), a password change or a new SESSION_SECRET.
    const asCookie = (value: string) => ({
      name: "bb_session",
      value,
      domain: "127.0.0.1",
      path: "/",
      httpOnly: true,
      sameSite: "Strict" as const,
    });
    const token = (await login()).slice("bb_session=".length);
    const victim = await browser.newContext();
    const thief = await browser.newContext();
    try {
      await victim.addCookies([asCookie(token)]);
      await thief.addCookies([asCookie(token)]);
      const victimPage = await victim.newPage();
      const thiefPage = await thief.newPage();
      for (const page of [victimPage, thiefPage]) {
        await page.goto(`${LOCKED}/batches`);
        await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      }
      await victimPage.getByRole("button", { name: "Sign out" }).click();
      await expect(victimPage).toHaveURL(`${LOCKED}/login`);
      expect(await victim.cookies()).toEqual([]);
      expect((await thief.request.get(`${LOCKED}/api/auth/session`)).status()).toBe(200);

      // The copy ends at its exp: one signed with the server's own secret, two seconds from the end.
      const now = Math.floor(Date.now() / 1000);
      const payload = { sid: "BBBBBBBBBBBBBBBBBBBBBB", iat: now, exp: now + 2 };
      await thief.clearCookies();
      await thief.addCookies([asCookie(signSession(sessionKey(SESSION_SECRET, PASSWORD), payload))]);
      expect((await thief.request.get(`${LOCKED}/api/auth/session`)).status()).toBe(200);
      await sleep(payload.exp * 1000 - Date.now() + 200);
      expect((await thief.request.get(`${LOCKED}/api/auth/session`)).status()).toBe(401);
      await thiefPage.goto(`${LOCKED}/batches`);
      await expect(thiefPage).toHaveURL(`${LOCKED}/login`);
    } finally {
      await Promise.all([victim.close(), thief.close()]);
    }
  });

  test("[auth] the API token works without Origin; a wrong one is 401 (case 8)", async () => {
    const good = await raw(LOCKED, "/api/batches", { headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body)).toMatchObject({ data: expect.any(Array) });
    for (const authorization of [`Bearer ${API_TOKEN}x`, "Bearer nope", `Bearer ${PASSWORD}`]) {
      expect((await raw(LOCKED, "/api/batches", { headers: { authorization } })).status).toBe(401);
    }
    // A script's state-changing call needs no Origin either; it reaches the upstream (which knows no such batch).
    const cancel = await raw(LOCKED, "/api/batches/msgbatch_doesnotexist/cancel", {
      method: "POST",
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(cancel.status).toBe(404);
  });

  test("[auth] a foreign Host is 421 even with a valid session (case 6)", async () => {
    const cookie = await login();
    const response = await raw(LOCKED, "/api/auth/session", {
      headers: { host: `evil.test:${LOCKED_PORT}`, cookie },
    });
    expect(response.status).toBe(421);
  });

  test("[auth] a DNS-rebinding page reaches neither the sign-in page nor the sign-in API, so it cannot guess passwords through a browser (case 6)", async () => {
    const browser = await launchChromium([REBIND_RULE]);
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://rebind.test:${LOCKED_PORT}/login`);
      await expect(page.getByTestId("misdirected")).toBeVisible();
      await expect(page.getByTestId("sign-in-form")).toHaveCount(0);
      // Even the right password gets nowhere: the Host check comes before the password and the rate limit.
      const status = await page.evaluate(
        async (password) =>
          (
            await fetch("/api/auth/login", {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ password }),
            })
          ).status,
        PASSWORD,
      );
      expect(status).toBe(421);
      expect(await context.cookies()).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  test("[csrf] a signed-in victim's browser cannot be made to cancel, delete, create or log out (cases 9–11)", async ({
    browser,
  }) => {
    const context: BrowserContext = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${LOCKED}/login`);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${LOCKED}/batches`);

    const before = await emulatorCalls(emulatorUrl);
    const attacker = await startAttacker();
    try {
      // 403, not 401: the SameSite=Strict cookie is sent from another port of the same host (finding 3).
      const cancel = `${LOCKED}/api/batches/msgbatch_victim/cancel`;
      const form = await formPost(page, attacker, cancel);
      expect(form.status).toBe(403);
      expect(form.sent).toMatchObject({ origin: attacker.url, "sec-fetch-site": "same-site" });
      expect(form.sent.cookie).toContain("bb_session=");
      expect((await formPost(page, attacker, `${LOCKED}/api/auth/logout`)).status).toBe(403);
      expect((await formPost(page, attacker, `${LOCKED}/api/batches`, "multipart/form-data")).status).toBe(
        403,
      );
      expect(
        (await formPost(page, attacker, `${LOCKED}/api/batches`, "application/x-www-form-urlencoded")).status,
      ).toBe(403);
      expect((await formPost(page, attacker, `${LOCKED}/api/auth/login`)).status).toBe(403);
      const noCors = await noCorsPost(page, attacker, cancel);
      expect(noCors.status).toBe(403);
      expect(noCors.sent).toMatchObject({ "sec-fetch-mode": "no-cors", "sec-fetch-site": "same-site" });
      expect(noCors.sent.cookie).toContain("bb_session=");
      expect((await noCorsPost(page, attacker, `${LOCKED}/api/batches`)).status).toBe(403);
      expect((await noCorsPost(page, attacker, `${LOCKED}/api/auth/logout`)).status).toBe(403);
      // DELETE cannot be sent no-cors; as a CORS request it needs a preflight we never grant.
      await page.goto(attackerPage(attacker, "/cors-delete", `${LOCKED}/api/batches/msgbatch_victim`));
      expect(await page.evaluate(() => (window as unknown as { done: Promise<string> }).done)).toMatch(
        /^blocked/,
      );
    } finally {
      await attacker.close();
    }
    const after = await emulatorCalls(emulatorUrl);
    expect({ create: after.create, cancel: after.cancel, delete: after.delete }).toEqual({
      create: before.create,
      cancel: before.cancel,
      delete: before.delete,
    });
    // Case 12: the victim's own page may cancel (the call reaches the upstream, which knows no such batch)...
    await page.goto(`${LOCKED}/batches`);
    const own = await page.evaluate(
      async () => (await fetch("/api/batches/msgbatch_victim/cancel", { method: "POST" })).status,
    );
    expect(own).toBe(404);
    // ...but the same cookie on a call with neither Origin nor Sec-Fetch-Site is refused.
    const cookie = (await context.cookies()).map(({ name, value }) => `${name}=${value}`).join("; ");
    const bare = await raw(LOCKED, "/api/batches/msgbatch_victim/cancel", {
      method: "POST",
      headers: { cookie },
    });
    expect(bare.status).toBe(403);
    expect((await emulatorCalls(emulatorUrl)).cancel).toBe((before.cancel ?? 0) + 1);
    // No upload was spooled.
    const spool = join(dataDir, "spool");
    expect(existsSync(spool) ? readdirSync(spool) : []).toEqual([]);
    // And the victim is still signed in.
    expect((await context.request.get(`${LOCKED}/api/auth/session`)).status()).toBe(200);
    await context.close();
  });

  test("[csrf] a page on another origin cannot read the signed-in victim's batches, session, sign-in page or RSC payloads (CORS)", async ({
    browser,
  }) => {
    const context = await browser.newContext();
    const token = (await login()).slice("bb_session=".length);
    await context.addCookies([{ name: "bb_session", value: token, domain: "127.0.0.1", path: "/" }]);
    const page = await context.newPage();
    const attacker = await startAttacker();
    try {
      // Chromium sends the reads with the cookie; only the dashboard granting no CORS keeps the answers
      // from the script.
      const wire = await onTheWire(page, attackerPage(attacker, "/read", LOCKED), `${LOCKED}/api/batches`);
      expect(wire.sent).toMatchObject({ "sec-fetch-site": "same-site", "sec-fetch-mode": "cors" });
      expect(wire.sent.cookie).toContain("bb_session=");
      expect(Object.keys(wire.received).filter((name) => name.startsWith("access-control-"))).toEqual([]);
      const outcomes = await page.evaluate(
        () => (window as unknown as { done: Promise<[string, string][]> }).done,
      );
      expect(outcomes.length).toBeGreaterThan(5);
      for (const [attempt, outcome] of outcomes) expect(outcome, attempt).toBe("blocked");
    } finally {
      await attacker.close();
      await context.close();
    }
  });

  test("[csrf] the sign-in page cannot be framed either (case 13)", async ({ page }) => {
    await expectFramingRefused(page, `${LOCKED}/login`);
  });

  for (const colorScheme of ["light", "dark"] as const) {
    for (const width of [1280, 390]) {
      test(`[auth] screenshot: /login, ${colorScheme}, ${width} px`, async ({ browser }) => {
        const context = await browser.newContext({ colorScheme, viewport: { width, height: 720 } });
        const page = await context.newPage();
        await page.goto(`${LOCKED}/batches`);
        await expect(page.getByTestId("sign-in-form")).toBeVisible();
        await page.screenshot({ path: `test-results/screenshots/login-${colorScheme}-${width}.png` });
        if (width === 390) {
          await page.getByLabel("Password").fill("not the password at all");
          await page.keyboard.press("Enter");
          await expect(page.getByTestId("sign-in-error")).toHaveText("That password is not right.");
          await page.screenshot({ path: `test-results/screenshots/login-error-${colorScheme}-${width}.png` });
        }
        await context.close();
      });
    }
  }

  // Last: it leaves 127.0.0.1 locked out of sign-in for a minute.
  test("[auth] six wrong passwords typed into the sign-in page within a minute: 401 ×5, then 429 and a wait, never a cookie; then even the right one waits (case 2)", async ({
    browser,
  }) => {
    // A correct sign-in clears this client's count (Chromium and this test both connect from 127.0.0.1).
    await login();
    const context = await browser.newContext();
    const page = await context.newPage();
    const answers: Promise<{ status: number; setCookie: string | null; retryAfter: string | null }>[] = [];
    // Headers only: Playwright may never get hold of a body the page has already read.
    page.on("response", (response) => {
      if (!response.url().endsWith("/api/auth/login")) return;
      answers.push(
        (async () => ({
          status: response.status(),
          setCookie: await response.headerValue("set-cookie"),
          retryAfter: await response.headerValue("retry-after"),
        }))(),
      );
    });
    await page.goto(`${LOCKED}/login`);
    const password = page.getByLabel("Password");
    const alert = page.getByTestId("sign-in-error");
    const attempts = [1, 2, 3, 4, 5, 6].map((n) => `wrong password number ${n}`);
    for (const [i, attempt] of [...attempts, PASSWORD].entries()) {
      await password.fill(attempt);
      await password.press("Enter");
      // Once attempts pile up, the global pace makes each one wait its turn (up to 4 s).
      await expect.poll(() => answers.length, { timeout: 20_000 }).toBe(i + 1);
      await expect(alert).toHaveText(
        i < 5 ? "That password is not right." : /^Too many attempts\. Wait \d+ seconds, then try again\.$/,
        { timeout: 10_000 },
      );
    }
    const seen = await Promise.all(answers);
    expect(seen.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(seen.map((answer) => answer.setCookie)).toEqual(Array(7).fill(null));
    for (const answer of seen.slice(5)) {
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
    }
    await expect(page).toHaveURL(`${LOCKED}/login`);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });
});
