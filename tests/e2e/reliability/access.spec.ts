// Access control end to end (security.md §5.2, cases 1–13): the Host allow-list, the session, the Origin
// rule and framing, against two real servers started by `npm start`'s launcher: one without a password (port
// 3927) and one with DASHBOARD_PASSWORD (port 3928). Every request goes to 127.0.0.1.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, expect, type Page, test } from "@playwright/test";
import { sessionKey, signSession } from "../../../lib/auth/session";
import { SYSTEM_CHROMIUM, SYSTEM_CHROMIUM_ARGS } from "../../system-chromium";
import { type Launched, launch } from "./launcher";

const OPEN_PORT = 3927;
const OPEN = `http://127.0.0.1:${OPEN_PORT}`;
const LOCKED_PORT = 3928;
const LOCKED = `http://127.0.0.1:${LOCKED_PORT}`;
const PASSWORD = "e2e password, long enough";
const API_TOKEN = "e2e-api-token-0123456789";
const SESSION_SECRET = "e2e-session-secret-0123456789abcdef";

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

function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    ...(existsSync(SYSTEM_CHROMIUM) && { executablePath: SYSTEM_CHROMIUM }),
    args: [...SYSTEM_CHROMIUM_ARGS, "--disable-quic", ...extraArgs],
  });
}

/** Submits a cross-origin form from the attacker page and returns the status the dashboard answered. */
async function formPostStatus(page: Page, attacker: Attacker, target: string, enctype = "text/plain") {
  const answered = page.waitForResponse((response) => response.url() === target);
  await page.goto(
    `${attacker.url}/form?target=${encodeURIComponent(target)}&enctype=${encodeURIComponent(enctype)}`,
  );
  return (await answered).status();
}

/**
 * A `no-cors` credentialed POST from the attacker page, and the status the dashboard answered it with. The
 * browser withholds even the opaque response (Cross-Origin-Resource-Policy: same-origin), so Playwright sees
 * no response event; the status comes from the DevTools protocol, which sees the raw answer first.
 */
async function noCorsStatus(page: Page, attacker: Attacker, target: string) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const urls = new Map<string, string>();
  const statuses = new Map<string, number>();
  cdp.on("Network.requestWillBeSent", (event) => urls.set(event.requestId, event.request.url));
  cdp.on("Network.responseReceivedExtraInfo", (event) => statuses.set(event.requestId, event.statusCode));
  try {
    await page.goto(`${attacker.url}/no-cors?target=${encodeURIComponent(target)}`);
    await page.evaluate(() => (window as unknown as { done: Promise<string> }).done);
    const status = () => [...statuses].find(([id]) => urls.get(id) === target)?.[1];
    await expect.poll(status, { timeout: 10_000 }).toBeDefined();
    return status();
  } finally {
    await cdp.detach();
  }
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

  test("[auth] HOST=0.0.0.0 without DASHBOARD_PASSWORD or PUBLIC_ORIGIN: the launcher refuses to start, saying why (case 7)", () => {
    const port = OPEN_PORT + 2;
    const run = spawnSync(
      process.execPath,
      [join("node_modules", "tsx", "dist", "cli.mjs"), "lib/cli/start.ts", "--no-build"],
      {
        encoding: "utf8",
        timeout: 30_000,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: "production",
          HOST: "0.0.0.0",
          PORT: String(port),
        },
      },
    );
    expect(run.status, run.stdout + run.stderr).not.toBe(0);
    expect(run.stderr).toContain("Batchboard will not listen on HOST=0.0.0.0");
    expect(run.stderr).toContain("DASHBOARD_PASSWORD");
    expect(run.stderr).toContain("PUBLIC_ORIGIN");
    expect(listeningAddresses(port)).toEqual([]);
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

  test("[auth] a DNS-rebinding page (rebind.test → 127.0.0.1) sees neither the app nor the API (case 6)", async () => {
    const browser = await launchChromium(["--host-resolver-rules=MAP rebind.test 127.0.0.1"]);
    try {
      const page = await browser.newPage();
      await page.goto("http://rebind.test:3927/batches");
      await expect(page.getByTestId("misdirected")).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
      await expect(page.getByTestId("emulator-badge")).toHaveCount(0);
      // To the attacker's script the API is same-origin, so it could read any answer: there must be none.
      const statuses = await page.evaluate(async () => {
        const read = await fetch("/api/batches");
        const session = await fetch("/api/auth/session");
        const write = await fetch("/api/batches/msgbatch_rebind/cancel", { method: "POST" });
        const logout = await fetch("/api/auth/logout", { method: "POST" });
        return [read.status, session.status, write.status, logout.status];
      });
      expect(statuses).toEqual([421, 421, 421, 421]);
    } finally {
      await browser.close();
    }
  });

  test("[csrf] a page on another port cannot post to the dashboard (cases 9, 10, 12)", async ({ page }) => {
    const attacker = await startAttacker();
    try {
      // The routes exist and answer same-origin calls...
      expect(await formPostStatus(page, attacker, `${OPEN}/api/auth/logout`)).toBe(403);
      expect(await formPostStatus(page, attacker, `${OPEN}/api/batches/msgbatch_csrf/cancel`)).toBe(403);
      expect(await noCorsStatus(page, attacker, `${OPEN}/api/auth/logout`)).toBe(403);
      expect(await noCorsStatus(page, attacker, `${OPEN}/api/batches/msgbatch_csrf/cancel`)).toBe(403);
      expect(await noCorsStatus(page, attacker, `${OPEN}/api/batches`)).toBe(403);
    } finally {
      await attacker.close();
    }
    // ...while the dashboard's own page may (Sec-Fetch-Site: same-origin).
    await page.goto(`${OPEN}/batches`);
    const own = await page.evaluate(async () => (await fetch("/api/auth/logout", { method: "POST" })).status);
    expect(own).toBe(204);
    // With neither Origin nor Sec-Fetch-Site, a state-changing call is refused.
    expect((await raw(OPEN, "/api/auth/logout", { method: "POST" })).status).toBe(403);
  });

  test("[csrf] the dashboard cannot be framed by another origin (case 13)", async ({ page }) => {
    const attacker = await startAttacker();
    try {
      const refusals: string[] = [];
      page.on("console", (message) => refusals.push(message.text()));
      await page.goto(`${attacker.url}/frame?target=${encodeURIComponent(`${OPEN}/batches`)}`);
      await expect(page.getByRole("heading", { name: "attacker" })).toBeVisible();
      await expect.poll(() => refusals.join("\n"), { timeout: 10_000 }).toMatch(/frame-ancestors 'none'/);
      const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
      if (frame) await expect(frame.getByTestId("batch-list")).toHaveCount(0);
    } finally {
      await attacker.close();
    }
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

  test("[auth] responses carry the framing, sniffing and caching headers", async () => {
    const pageResponse = await raw(OPEN, "/batches");
    expect(pageResponse.headers["x-frame-options"]).toBe("DENY");
    expect(pageResponse.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(pageResponse.headers["x-content-type-options"]).toBe("nosniff");
    expect(pageResponse.headers["referrer-policy"]).toBe("no-referrer");
    const apiResponse = await raw(OPEN, "/api/auth/session", { headers: { host: "evil.test" } });
    expect(apiResponse.headers["cache-control"]).toBe("no-store");
    expect(apiResponse.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------
// A second instance with DASHBOARD_PASSWORD and DASHBOARD_API_TOKEN on port 3918.

test.describe("locked dashboard (DASHBOARD_PASSWORD set)", () => {
  test.describe.configure({ mode: "serial", timeout: 120_000 });

  let server: Launched;
  let emulatorUrl = "";
  let dataDir = "";

  async function emulatorCalls(): Promise<Record<string, number>> {
    const response = await fetch(`${emulatorUrl}/_emulator/stats`);
    return ((await response.json()) as { calls: Record<string, number> }).calls;
  }

  test.beforeAll(async () => {
    server = await launch(LOCKED_PORT, {
      DASHBOARD_PASSWORD: PASSWORD,
      DASHBOARD_API_TOKEN: API_TOKEN,
      SESSION_SECRET,
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
    for (const secret of [PASSWORD, API_TOKEN, SESSION_SECRET]) expect(output).not.toContain(secret);
  });

  test("[auth] without a session every API route is 401, and nothing reaches the upstream (case 1)", async () => {
    const before = await emulatorCalls();
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
    expect(await emulatorCalls()).toEqual(before);
  });

  test("[auth] middleware-skip headers and RSC variants do not get around the guard (case 5)", async () => {
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
    ]) {
      for (const headers of [{}, ...rscHeaders]) {
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

  test("[csrf] a signed-in victim's browser cannot be made to cancel, delete, create or log out (cases 9–11)", async ({
    browser,
  }) => {
    const context: BrowserContext = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${LOCKED}/login`);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${LOCKED}/batches`);

    const before = await emulatorCalls();
    const attacker = await startAttacker();
    try {
      // 403, not 401: the SameSite=Strict cookie is sent from another port of the same host (finding 3).
      expect(await formPostStatus(page, attacker, `${LOCKED}/api/batches/msgbatch_victim/cancel`)).toBe(403);
      expect(await formPostStatus(page, attacker, `${LOCKED}/api/auth/logout`)).toBe(403);
      expect(await formPostStatus(page, attacker, `${LOCKED}/api/batches`, "multipart/form-data")).toBe(403);
      expect(
        await formPostStatus(page, attacker, `${LOCKED}/api/batches`, "application/x-www-form-urlencoded"),
      ).toBe(403);
      expect(await formPostStatus(page, attacker, `${LOCKED}/api/auth/login`)).toBe(403);
      expect(await noCorsStatus(page, attacker, `${LOCKED}/api/batches/msgbatch_victim/cancel`)).toBe(403);
      expect(await noCorsStatus(page, attacker, `${LOCKED}/api/batches`)).toBe(403);
      expect(await noCorsStatus(page, attacker, `${LOCKED}/api/auth/logout`)).toBe(403);
      // DELETE cannot be sent no-cors; as a CORS request it needs a preflight we never grant.
      await page.goto(
        `${attacker.url}/cors-delete?target=${encodeURIComponent(`${LOCKED}/api/batches/msgbatch_victim`)}`,
      );
      expect(await page.evaluate(() => (window as unknown as { done: Promise<string> }).done)).toMatch(
        /^blocked/,
      );
    } finally {
      await attacker.close();
    }
    const after = await emulatorCalls();
    expect({ create: after.create, cancel: after.cancel, delete: after.delete }).toEqual({
      create: before.create,
      cancel: before.cancel,
      delete: before.delete,
    });
    // No upload was spooled.
    const spool = join(dataDir, "spool");
    expect(existsSync(spool) ? readdirSync(spool) : []).toEqual([]);
    // And the victim is still signed in.
    expect((await context.request.get(`${LOCKED}/api/auth/session`)).status()).toBe(200);
    await context.close();
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
  test("[auth] six wrong passwords in a minute: 401 ×5, then 429 with Retry-After, never a cookie (cases 2, 3)", async () => {
    // A correct sign-in clears this client's count (and shows the cookie's flags on the wire).
    const first = await raw(LOCKED, "/api/auth/login", {
      method: "POST",
      headers: { origin: LOCKED, "content-type": "application/json" },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(first.status).toBe(204);
    const [cookie] = setCookies(first);
    expect(cookie).toMatch(
      /^bb_session=v1\.[\w-]+\.[\w-]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/,
    );
    expect(cookie).not.toContain(PASSWORD);

    const statuses: number[] = [];
    const messages = new Set<string>();
    let retryAfter: string | undefined;
    for (let attempt = 1; attempt <= 6; attempt++) {
      const response = await raw(LOCKED, "/api/auth/login", {
        method: "POST",
        headers: { origin: LOCKED, "content-type": "application/json" },
        body: JSON.stringify({ password: `wrong password number ${attempt}` }),
      });
      statuses.push(response.status);
      expect(setCookies(response)).toEqual([]);
      if (response.status === 401) messages.add(JSON.parse(response.body).error.message);
      if (response.status === 429) retryAfter = response.headers["retry-after"] as string | undefined;
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(messages.size).toBe(1);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    // Locked out: even the right password waits.
    const locked = await raw(LOCKED, "/api/auth/login", {
      method: "POST",
      headers: { origin: LOCKED, "content-type": "application/json" },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(locked.status).toBe(429);
    expect(setCookies(locked)).toEqual([]);
  });
});
