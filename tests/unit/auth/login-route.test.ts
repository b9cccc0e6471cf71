import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

const PASSWORD = "correct horse battery staple";
const ORIGIN = "http://127.0.0.1:3917";
const STATE = Symbol.for("batchboard.auth");

type Handler = (request: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>;
const context = { params: Promise.resolve({}) };

async function routes() {
  vi.resetModules();
  const login = (await import("../../../app/api/auth/login/route")).POST as unknown as Handler;
  const logout = (await import("../../../app/api/auth/logout/route")).POST as unknown as Handler;
  const session = (await import("../../../app/api/auth/session/route")).GET as unknown as Handler;
  return { login, logout, session };
}

function loginRequest(body: unknown, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}/api/auth/login`, {
    method: "POST",
    headers: {
      host: "127.0.0.1:3917",
      origin: ORIGIN,
      "sec-fetch-site": "same-origin",
      "content-type": "application/json",
      "x-forwarded-for": "127.0.0.1",
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

beforeEach(() => {
  vi.stubEnv("BATCHBOARD_PORT", "3917");
  vi.stubEnv("DASHBOARD_PASSWORD", PASSWORD);
  vi.stubEnv("SESSION_SECRET", "s".repeat(40));
  vi.stubEnv("PUBLIC_ORIGIN", "");
  vi.stubEnv("TRUST_PROXY", "");
  vi.stubEnv("DASHBOARD_API_TOKEN", "");
});

afterEach(() => {
  vi.unstubAllEnvs();
  delete (globalThis as Record<symbol, unknown>)[STATE];
});

describe("POST /api/auth/login", () => {
  it("answers 204 with a strict session cookie that holds no secret, and the cookie opens the API", async () => {
    const { login, session } = await routes();
    const response = await login(loginRequest({ password: PASSWORD }), context);
    expect(response.status).toBe(204);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(
      /^bb_session=v1\.[\w-]+\.[\w-]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/,
    );
    expect(cookie).not.toContain(PASSWORD);
    expect(cookie).not.toContain("s".repeat(40));
    expect(response.headers.get("cache-control")).toBe("no-store");

    const token = cookie.split(";")[0] ?? "";
    const who = await session(
      new Request(`${ORIGIN}/api/auth/session`, { headers: { host: "127.0.0.1:3917", cookie: token } }),
      context,
    );
    expect(who.status).toBe(200);
    expect(await who.json()).toMatchObject({ principal: "session", login_required: true });
  });

  it("sets the __Host- Secure cookie when the browser is on an https PUBLIC_ORIGIN", async () => {
    vi.stubEnv("PUBLIC_ORIGIN", "https://batches.example.com");
    const { login } = await routes();
    const response = await login(
      loginRequest(
        { password: PASSWORD },
        { host: "batches.example.com", origin: "https://batches.example.com" },
      ),
      context,
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("set-cookie")).toMatch(
      /^__Host-bb_session=.*; Path=\/; .*HttpOnly; SameSite=Strict; Secure$/,
    );
  });

  it("answers a wrong password with one generic 401 and no cookie, then 429 with Retry-After", async () => {
    const { login } = await routes();
    const statuses: number[] = [];
    const messages = new Set<string>();
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await login(loginRequest({ password: `wrong password ${attempt}` }), context);
      statuses.push(response.status);
      expect(response.headers.get("set-cookie")).toBeNull();
      messages.add(((await response.json()) as { error: { message: string } }).error.message);
      if (response.status === 429) {
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(Number(response.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(messages.size).toBe(2);
    // Even the right password is refused while the client is limited.
    expect((await login(loginRequest({ password: PASSWORD }), context)).status).toBe(429);
  });

  it("treats a missing or non-string password like a wrong one, and a non-JSON body as a bad request", async () => {
    const { login } = await routes();
    expect((await login(loginRequest({}), context)).status).toBe(401);
    expect((await login(loginRequest({ password: 123 }), context)).status).toBe(401);
    expect((await login(loginRequest("password=x"), context)).status).toBe(400);
  });

  it("refuses a body over 4 KB without reading it all", async () => {
    const { login } = await routes();
    const response = await login(loginRequest({ password: "x".repeat(10_000) }), context);
    expect(response.status).toBe(413);
  });

  it("refuses a cross-site form post (text/plain) with 403 and no cookie", async () => {
    const { login } = await routes();
    const response = await login(
      loginRequest(`{"password":"${PASSWORD}"}`, {
        origin: "http://127.0.0.1:4000",
        "sec-fetch-site": "same-site",
        "content-type": "text/plain",
      }),
      context,
    );
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("is 404 when no password is configured", async () => {
    vi.stubEnv("DASHBOARD_PASSWORD", "");
    const { login } = await routes();
    expect((await login(loginRequest({ password: PASSWORD }), context)).status).toBe(404);
  });
});

describe("POST /api/auth/logout", () => {
  it("clears both cookie names, for a same-origin request, without needing a session", async () => {
    const { logout } = await routes();
    const response = await logout(
      new Request(`${ORIGIN}/api/auth/logout`, {
        method: "POST",
        headers: { host: "127.0.0.1:3917", origin: ORIGIN, "sec-fetch-site": "same-origin" },
      }),
      context,
    );
    expect(response.status).toBe(204);
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    expect(cookies.every((cookie) => cookie.includes("Max-Age=0"))).toBe(true);
  });

  it("refuses a cross-site logout (a no-cors fetch from another port)", async () => {
    const { logout } = await routes();
    const response = await logout(
      new Request(`${ORIGIN}/api/auth/logout`, {
        method: "POST",
        headers: { host: "127.0.0.1:3917", origin: "http://127.0.0.1:4000", "sec-fetch-site": "same-site" },
      }),
      context,
    );
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
