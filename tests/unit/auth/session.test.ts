import { createHmac } from "node:crypto";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  clearedSessionCookies,
  newSession,
  readCookie,
  SESSION_TTL_SECONDS,
  type SessionPayload,
  sessionCookie,
  sessionKey,
  sessionTokenFrom,
  signSession,
  verifySession,
} from "../../../lib/auth/session";

const SECRET = "s".repeat(32);
const PASSWORD = "correct horse battery staple";
const key = sessionKey(SECRET, PASSWORD);
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const nowSeconds = NOW / 1000;

function payload(overrides: Partial<SessionPayload> = {}): SessionPayload {
  return {
    sid: "AAAAAAAAAAAAAAAAAAAAAA",
    iat: nowSeconds,
    exp: nowSeconds + SESSION_TTL_SECONDS,
    ...overrides,
  };
}

/** Replaces the character at `index` with a different base64url character. */
function flip(token: string, index: number): string {
  const current = token[index];
  const replacement = current === "A" ? "B" : "A";
  return `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
}

describe("session tokens", () => {
  it("round-trips a fresh session and has the documented shape", () => {
    const { token, payload: issued } = newSession(key, NOW);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(issued.exp - issued.iat).toBe(12 * 60 * 60);
    expect(issued.sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(verifySession(key, token, NOW)).toEqual(issued);
  });

  it("gives every session its own id", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newSession(key, NOW).payload.sid));
    expect(ids.size).toBe(50);
  });

  it("holds neither the password nor the secret", () => {
    const { token } = newSession(key, NOW);
    const decoded = Buffer.from(token.split(".")[1] ?? "", "base64url").toString();
    expect(`${token}${decoded}`).not.toContain(PASSWORD);
    expect(`${token}${decoded}`).not.toContain(SECRET);
  });

  it("refuses a token with any one character changed, in the payload or the MAC", () => {
    const { token } = newSession(key, NOW);
    for (let index = 3; index < token.length; index++) {
      if (token[index] === ".") continue;
      expect(verifySession(key, flip(token, index), NOW), `character ${index}`).toBeUndefined();
    }
  });

  test.prop([fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 255 })], { seed: 20261122 })(
    "refuses a token with any byte changed",
    (position, delta) => {
      const { token } = newSession(key, NOW);
      const bytes = Buffer.from(token);
      const index = position % bytes.length;
      bytes[index] = ((bytes[index] as number) + delta) % 256;
      expect(verifySession(key, bytes.toString("latin1"), NOW)).toBeUndefined();
    },
  );

  it("refuses a payload that was re-signed with another secret", () => {
    const forged = signSession(sessionKey("x".repeat(32), PASSWORD), payload());
    expect(verifySession(key, forged, NOW)).toBeUndefined();
  });

  it("ends every session when the password changes, even with the same secret", () => {
    const { token } = newSession(key, NOW);
    expect(verifySession(sessionKey(SECRET, "another password, 16+"), token, NOW)).toBeUndefined();
  });

  it("expires after exactly 12 hours", () => {
    const { token } = newSession(key, NOW);
    expect(verifySession(key, token, NOW + SESSION_TTL_SECONDS * 1000 - 1000)).toBeDefined();
    expect(verifySession(key, token, NOW + SESSION_TTL_SECONDS * 1000)).toBeUndefined();
  });

  it.each([
    ["exp in the past", payload({ iat: nowSeconds - 100, exp: nowSeconds - 1 })],
    ["iat in the future", payload({ iat: nowSeconds + 3600, exp: nowSeconds + 7200 })],
    ["a lifetime over 12 h", payload({ exp: nowSeconds + SESSION_TTL_SECONDS + 1 })],
    ["exp before iat", payload({ exp: nowSeconds - 10 })],
    ["a non-integer time", payload({ exp: nowSeconds + 0.5 })],
    ["a sid that is not base64url", payload({ sid: "a b" })],
  ])("refuses a correctly signed token with %s", (_label, bad) => {
    expect(verifySession(key, signSession(key, bad), NOW)).toBeUndefined();
  });

  it.each([
    "",
    "v1",
    "v1..",
    "v1.abc",
    "v2.e30.AAAA",
    "v1.e30.AAAA.extra",
    "v1.e3+0.AAAA",
    `v1.${"A".repeat(600)}.AAAA`,
  ])("refuses the malformed token %j", (token) => {
    expect(verifySession(key, token, NOW)).toBeUndefined();
  });

  it.each(["not json", "null", "[1,2]", '"text"', "{}"])("refuses the correctly signed body %j", (body) => {
    const encoded = Buffer.from(body).toString("base64url");
    const mac = createHmac("sha256", key).update(`v1.${encoded}`).digest("base64url");
    expect(verifySession(key, `v1.${encoded}.${mac}`, NOW)).toBeUndefined();
  });

  it("refuses a missing token", () => expect(verifySession(key, undefined, NOW)).toBeUndefined());
});

describe("session cookies", () => {
  it("sets HttpOnly, SameSite=Strict, Path=/ and a 12-hour Max-Age over http", () => {
    const cookie = sessionCookie("v1.a.b", false);
    expect(cookie).toBe("bb_session=v1.a.b; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict");
  });

  it("uses the __Host- name and Secure over https", () => {
    const cookie = sessionCookie("v1.a.b", true);
    expect(cookie).toMatch(/^__Host-bb_session=v1\.a\.b; /);
    expect(cookie).toContain("; Secure");
    expect(cookie).toContain("; HttpOnly");
    expect(cookie).toContain("; SameSite=Strict");
    expect(cookie).toContain("; Path=/");
    expect(cookie).not.toContain("Domain");
  });

  it("clears both names", () => {
    const cleared = clearedSessionCookies(false);
    expect(cleared).toHaveLength(2);
    expect(cleared[0]).toMatch(/^bb_session=; Path=\/; Max-Age=0; /);
    expect(cleared[1]).toMatch(/^__Host-bb_session=; Path=\/; Max-Age=0; .*Secure$/);
  });

  it("reads a cookie out of a Cookie header", () => {
    expect(readCookie("a=1; bb_session=v1.x.y; c=3", "bb_session")).toBe("v1.x.y");
    expect(readCookie("xbb_session=1", "bb_session")).toBeUndefined();
    expect(readCookie(null, "bb_session")).toBeUndefined();
    expect(sessionTokenFrom("bb_session=plain; __Host-bb_session=secure")).toBe("secure");
    expect(sessionTokenFrom("bb_session=plain")).toBe("plain");
  });
});
