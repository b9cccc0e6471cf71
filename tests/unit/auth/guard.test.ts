import { afterEach, describe, expect, it, vi } from "vitest";

// `server-only` throws outside React's server bundle; the modules under test are plain Node here.
vi.mock("server-only", () => ({}));

const { buildAuthConfig } = await import("../../../lib/auth/config");
const { parseAuthSettings } = await import("../../../lib/auth/settings");
const { newSession, sessionKey, signSession } = await import("../../../lib/auth/session");
const { AppError } = await import("../../../lib/api/errors");
const { authorize, guard, isSecureRequest, targetOrigin } = await import("../../../lib/api/guard");
type GuardOptions = import("../../../lib/api/guard").GuardOptions;

const PASSWORD = "correct horse battery staple";
const TOKEN = "script-token-0123456789";
const SECRET = "s".repeat(40);
const LOCAL = "http://127.0.0.1:3917";

function config(env: Record<string, string> = {}) {
  return buildAuthConfig(parseAuthSettings({ BATCHBOARD_PORT: "3917", ...env }), Buffer.alloc(32));
}
const open = config();
const locked = config({ DASHBOARD_PASSWORD: PASSWORD, DASHBOARD_API_TOKEN: TOKEN, SESSION_SECRET: SECRET });
const publicConfig = config({
  DASHBOARD_PASSWORD: PASSWORD,
  SESSION_SECRET: SECRET,
  PUBLIC_ORIGIN: "https://Batches.Example.com",
});
const proxied = config({
  DASHBOARD_PASSWORD: PASSWORD,
  SESSION_SECRET: SECRET,
  PUBLIC_ORIGIN: "https://batches.example.com",
  TRUST_PROXY: "1",
});
const validCookie = `bb_session=${newSession(locked.sessionKey).token}`;

function head(method: string, headers: Record<string, string>) {
  return { method, headers: new Headers({ host: "127.0.0.1:3917", ...headers }) };
}
/** What a same-origin fetch from the dashboard's own page sends. */
const sameOrigin = { origin: LOCAL, "sec-fetch-site": "same-origin" };

function decide(request: ReturnType<typeof head>, options: GuardOptions, cfg = locked) {
  try {
    return authorize(request, options, cfg);
  } catch (error) {
    if (error instanceof AppError) return `${error.status} ${error.code}`;
    throw error;
  }
}

describe("guard: Host allow-list (421)", () => {
  it.each(["127.0.0.1:3917", "localhost:3917", "LOCALHOST:3917", "[::1]:3917"])("accepts Host %s", (host) => {
    expect(decide(head("GET", { host }), { mutating: false }, open)).toEqual({ kind: "local" });
  });

  it.each([
    ["an attacker's name (DNS rebinding)", "rebind.test:3917"],
    ["the right name on another port", "127.0.0.1:3918"],
    ["no port", "127.0.0.1"],
    ["another loopback address", "127.0.0.2:3917"],
    ["the machine's LAN address", "192.168.1.20:3917"],
    ["credentials smuggled in", "evil@127.0.0.1:3917"],
    ["a path smuggled in", "127.0.0.1:3917/x"],
    ["empty", ""],
  ])("refuses %s", (_label, host) => {
    expect(decide(head("GET", { host }), { mutating: false }, open)).toBe("421 misdirected");
  });

  it("refuses a request with no Host at all", () => {
    const request = { method: "GET", headers: new Headers() };
    expect(decide(request, { mutating: false }, open)).toBe("421 misdirected");
  });

  it("checks Host before anything else, even with a valid API token", () => {
    const request = head("GET", { host: "evil.test:3917", authorization: `Bearer ${TOKEN}` });
    expect(decide(request, { mutating: false })).toBe("421 misdirected");
  });

  it("accepts the PUBLIC_ORIGIN host, with or without its default port, in any case", () => {
    for (const host of ["batches.example.com", "Batches.Example.com", "batches.example.com:443"]) {
      const request = head("GET", { host, cookie: validCookieFor(publicConfig) });
      expect(decide(request, { mutating: false }, publicConfig)).toMatchObject({ kind: "session" });
    }
    expect(decide(head("GET", { host: "batches.example.com:80" }), { mutating: false }, publicConfig)).toBe(
      "421 misdirected",
    );
  });

  it("accepts the bind address when it is another loopback address", () => {
    const bound = config({ BATCHBOARD_HOST: "127.0.0.5" });
    expect(decide(head("GET", { host: "127.0.0.5:3917" }), { mutating: false }, bound)).toEqual({
      kind: "local",
    });
  });

  it("leaves the port out of Host on port 80, as browsers do", () => {
    const port80 = config({ BATCHBOARD_PORT: "80" });
    expect(decide(head("GET", { host: "localhost" }), { mutating: false }, port80)).toEqual({
      kind: "local",
    });
    expect(decide(head("GET", { host: "localhost:80" }), { mutating: false }, port80)).toEqual({
      kind: "local",
    });
  });

  it("ignores X-Forwarded-Host unless TRUST_PROXY is set", () => {
    const request = head("GET", { "x-forwarded-host": "evil.test" });
    expect(decide(request, { mutating: false }, open)).toEqual({ kind: "local" });
  });

  it("with TRUST_PROXY, needs both Host and X-Forwarded-Host to be ours", () => {
    const cookie = validCookieFor(proxied);
    const good = head("GET", { "x-forwarded-host": "batches.example.com", cookie });
    expect(decide(good, { mutating: false }, proxied)).toMatchObject({ kind: "session" });
    expect(targetOrigin(good, proxied)).toBe("https://batches.example.com");
    // Through the proxy, Host may be the public name too.
    const publicHost = head("GET", {
      host: "batches.example.com",
      "x-forwarded-host": "batches.example.com",
      cookie,
    });
    expect(decide(publicHost, { mutating: false }, proxied)).toMatchObject({ kind: "session" });
    // A rebinding page can set X-Forwarded-Host itself; its Host still gives it away.
    const rebound = head("GET", {
      host: "rebind.test:3917",
      "x-forwarded-host": "batches.example.com",
      cookie,
    });
    expect(decide(rebound, { mutating: false }, proxied)).toBe("421 misdirected");
    const forged = head("GET", { "x-forwarded-host": "evil.test, batches.example.com", cookie });
    expect(decide(forged, { mutating: false }, proxied)).toBe("421 misdirected");
  });
});

function validCookieFor(cfg: ReturnType<typeof config>) {
  return `bb_session=${newSession(cfg.sessionKey).token}`;
}

describe("guard: authentication (401)", () => {
  it("without a password, everyone through the Host check is the local principal", () => {
    expect(decide(head("GET", {}), { mutating: false }, open)).toEqual({ kind: "local" });
  });

  it("with a password, needs a session cookie", () => {
    expect(decide(head("GET", {}), { mutating: false })).toBe("401 unauthorized");
    expect(decide(head("GET", { cookie: validCookie }), { mutating: false })).toMatchObject({
      kind: "session",
      sid: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      expiresAt: expect.any(Number),
    });
  });

  it("accepts the cookie under its __Host- name too", () => {
    const token = newSession(locked.sessionKey).token;
    expect(decide(head("GET", { cookie: `__Host-bb_session=${token}` }), { mutating: false })).toMatchObject({
      kind: "session",
    });
  });

  it("refuses a tampered, expired or foreign cookie", () => {
    const token = newSession(locked.sessionKey).token;
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const now = Math.floor(Date.now() / 1000);
    const expired = signSession(locked.sessionKey, {
      sid: "AAAAAAAAAAAAAAAAAAAAAA",
      iat: now - 100,
      exp: now - 1,
    });
    const foreign = newSession(sessionKey("another secret, 32 characters long!", PASSWORD)).token;
    for (const value of [tampered, expired, foreign, "", "garbage"]) {
      expect(decide(head("GET", { cookie: `bb_session=${value}` }), { mutating: false })).toBe(
        "401 unauthorized",
      );
    }
  });

  it("accepts the API token as a bearer, without any Origin, and without a cookie", () => {
    const request = head("POST", { authorization: `Bearer ${TOKEN}` });
    expect(decide(request, { mutating: true, body: "json" })).toEqual({ kind: "api" });
    expect(decide(head("POST", { authorization: `bearer ${TOKEN}` }), { mutating: true })).toEqual({
      kind: "api",
    });
  });

  it.each([
    ["a wrong token", `Bearer ${TOKEN}x`],
    ["an empty bearer", "Bearer "],
    ["another scheme", `Basic ${Buffer.from(`u:${TOKEN}`).toString("base64")}`],
    ["the password as a token", `Bearer ${PASSWORD}`],
  ])("refuses %s, even next to a valid cookie", (_label, authorization) => {
    expect(decide(head("GET", { authorization, cookie: validCookie }), { mutating: false })).toBe(
      "401 unauthorized",
    );
  });

  it("refuses any bearer when no API token is configured", () => {
    expect(
      decide(head("GET", { authorization: "Bearer anything-at-all-here" }), { mutating: false }, open),
    ).toBe("401 unauthorized");
  });

  it("authenticates nobody on anonymous routes (login, logout), whatever they carry", () => {
    expect(decide(head("GET", {}), { mutating: false, anonymous: true })).toEqual({ kind: "anonymous" });
    expect(
      decide(head("GET", { authorization: "Bearer wrong" }), { mutating: false, anonymous: true }),
    ).toEqual({
      kind: "anonymous",
    });
  });
});

describe("guard: Origin / Sec-Fetch-Site on state-changing calls (403)", () => {
  const cookie = validCookie;
  const cases: [string, Record<string, string>, string][] = [
    ["same-origin fetch", sameOrigin, "ok"],
    ["Origin only (a browser that sends no Sec-Fetch-Site)", { origin: LOCAL }, "ok"],
    ["Origin on localhost", { origin: "http://localhost:3917" }, "ok"],
    ["Origin on [::1]", { origin: "http://[::1]:3917" }, "ok"],
    ["Sec-Fetch-Site only", { "sec-fetch-site": "same-origin" }, "ok"],
    [
      "a page on another port (same-site)",
      { origin: "http://127.0.0.1:4000", "sec-fetch-site": "same-site" },
      "403",
    ],
    ["another site", { origin: "https://evil.test", "sec-fetch-site": "cross-site" }, "403"],
    ["a typed-in URL (none)", { "sec-fetch-site": "none" }, "403"],
    ["Origin on another port, no Sec-Fetch-Site", { origin: "http://127.0.0.1:4000" }, "403"],
    ["a rebinding page's own origin", { origin: "http://rebind.test:3917" }, "403"],
    ["Origin null", { origin: "null" }, "403"],
    [
      "same-origin claimed with a foreign Origin",
      { origin: "http://evil.test", "sec-fetch-site": "same-origin" },
      "403",
    ],
    ["neither header", {}, "403"],
  ];

  it.each(cases)("%s → %s", (_label, headers, expected) => {
    const result = decide(head("POST", { cookie, ...headers }), { mutating: true, body: "none" });
    if (expected === "ok") expect(result).toMatchObject({ kind: "session" });
    else expect(result).toBe("403 forbidden");
  });

  it("applies to the local principal (no password) the same way", () => {
    expect(decide(head("POST", {}), { mutating: true, body: "none" }, open)).toBe("403 forbidden");
    expect(decide(head("POST", { origin: "http://127.0.0.1:4000" }), { mutating: true }, open)).toBe(
      "403 forbidden",
    );
    expect(decide(head("POST", sameOrigin), { mutating: true, body: "none" }, open)).toEqual({
      kind: "local",
    });
  });

  it("applies to anonymous routes (login, logout)", () => {
    const options = { mutating: true, body: "json", anonymous: true } as const;
    expect(decide(head("POST", { "content-type": "application/json" }), options)).toBe("403 forbidden");
    expect(decide(head("POST", { ...sameOrigin, "content-type": "application/json" }), options)).toEqual({
      kind: "anonymous",
    });
  });

  it("applies to any non-GET/HEAD method even when the route says it does not mutate", () => {
    for (const method of ["POST", "DELETE", "PUT", "PATCH", "OPTIONS"]) {
      expect(decide(head(method, { cookie }), { mutating: false }), method).toBe("403 forbidden");
    }
    for (const method of ["GET", "HEAD"]) {
      expect(decide(head(method, { cookie }), { mutating: false }), method).toMatchObject({
        kind: "session",
      });
    }
  });

  it("applies to a GET that a route marks as mutating", () => {
    expect(decide(head("GET", { cookie }), { mutating: true })).toBe("403 forbidden");
  });

  it("accepts PUBLIC_ORIGIN as the Origin exactly (scheme included), not one that merely matches Host", () => {
    const cookieP = validCookieFor(publicConfig);
    const good = head("POST", {
      host: "batches.example.com",
      origin: "https://batches.example.com",
      cookie: cookieP,
    });
    expect(decide(good, { mutating: true, body: "none" }, publicConfig)).toMatchObject({ kind: "session" });
    const httpVariant = head("POST", {
      host: "batches.example.com",
      origin: "http://batches.example.com",
      cookie: cookieP,
    });
    expect(decide(httpVariant, { mutating: true, body: "none" }, publicConfig)).toBe("403 forbidden");
  });

  it("JSON routes need content-type: application/json (a form or no-cors fetch cannot send it)", () => {
    const options = { mutating: true, body: "json" } as const;
    const withType = (type?: string) =>
      decide(head("POST", { cookie, ...sameOrigin, ...(type ? { "content-type": type } : {}) }), options);
    expect(withType("application/json")).toMatchObject({ kind: "session" });
    expect(withType("Application/JSON; charset=utf-8")).toMatchObject({ kind: "session" });
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      expect(withType(type), type).toBe("403 forbidden");
    }
    expect(withType(undefined)).toBe("403 forbidden");
  });

  it("the upload needs x-dashboard-upload: 1", () => {
    const options = { mutating: true, body: "upload" } as const;
    expect(decide(head("POST", { cookie, ...sameOrigin, "x-dashboard-upload": "1" }), options)).toMatchObject(
      {
        kind: "session",
      },
    );
    expect(decide(head("POST", { cookie, ...sameOrigin }), options)).toBe("403 forbidden");
    expect(decide(head("POST", { cookie, ...sameOrigin, "x-dashboard-upload": "true" }), options)).toBe(
      "403 forbidden",
    );
  });

  it("cancel and delete (body none) need nothing beyond the Origin rule", () => {
    expect(decide(head("DELETE", { cookie, ...sameOrigin }), { mutating: true, body: "none" })).toMatchObject(
      {
        kind: "session",
      },
    );
  });

  it("an API token skips the Origin and body rules (a browser never adds it to a cross-site request)", () => {
    const request = head("POST", { authorization: `Bearer ${TOKEN}`, origin: "https://evil.test" });
    expect(decide(request, { mutating: true, body: "upload" })).toEqual({ kind: "api" });
  });

  it("checks in order: Host (421), then session (401), then Origin (403)", () => {
    const all = { host: "evil.test:3917", origin: "https://evil.test", "sec-fetch-site": "cross-site" };
    expect(decide(head("POST", all), { mutating: true })).toBe("421 misdirected");
    expect(decide(head("POST", { ...all, host: "127.0.0.1:3917" }), { mutating: true })).toBe(
      "401 unauthorized",
    );
    expect(decide(head("POST", { ...all, host: "127.0.0.1:3917", cookie }), { mutating: true })).toBe(
      "403 forbidden",
    );
  });
});

describe("isSecureRequest", () => {
  it("is true only when the browser is on an https dashboard origin", () => {
    expect(isSecureRequest(head("POST", { origin: LOCAL }), publicConfig)).toBe(false);
    expect(isSecureRequest(head("POST", { host: "batches.example.com" }), publicConfig)).toBe(true);
    // Behind a proxy that passes Host through as 127.0.0.1, the browser's Origin tells.
    expect(isSecureRequest(head("POST", { origin: "https://batches.example.com" }), publicConfig)).toBe(true);
    expect(isSecureRequest(head("POST", { origin: "https://evil.test" }), publicConfig)).toBe(false);
  });
});

describe("guard() reads the server's environment", () => {
  const STATE = Symbol.for("batchboard.auth");
  afterEach(() => {
    vi.unstubAllEnvs();
    delete (globalThis as Record<symbol, unknown>)[STATE];
  });

  it("uses BATCHBOARD_PORT and DASHBOARD_PASSWORD", async () => {
    vi.stubEnv("BATCHBOARD_PORT", "4321");
    vi.stubEnv("DASHBOARD_PASSWORD", PASSWORD);
    const request = new Request("http://127.0.0.1:4321/api/x", { headers: { host: "127.0.0.1:4321" } });
    await expect(guard(request, { mutating: false })).rejects.toMatchObject({ code: "unauthorized" });
    const other = new Request("http://127.0.0.1:3000/api/x", { headers: { host: "127.0.0.1:3000" } });
    await expect(guard(other, { mutating: false })).rejects.toMatchObject({ code: "misdirected" });
  });

  it("answers 500 misconfigured for a bad setting, naming it", async () => {
    vi.stubEnv("DASHBOARD_PASSWORD", "short");
    const request = new Request("http://127.0.0.1:3000/api/x", { headers: { host: "127.0.0.1:3000" } });
    await expect(guard(request, { mutating: false })).rejects.toMatchObject({
      code: "misconfigured",
      message: expect.stringContaining("DASHBOARD_PASSWORD"),
    });
  });
});
