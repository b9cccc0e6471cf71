// The session cookie: `v1.<b64url(payload)>.<b64url(HMAC-SHA256)>`, payload `{sid, iat, exp}` (seconds).
// It is signed, not encrypted: it holds only a random id and two times, never the password or the key.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "bb_session";
/** Over https the `__Host-` prefix pins the cookie to this exact origin, Secure and Path=/. */
export const SECURE_SESSION_COOKIE = "__Host-bb_session";
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

const VERSION = "v1";
/** Longer than any cookie we issue; anything bigger is refused before hashing it. */
const MAX_TOKEN_LENGTH = 512;
/** Clock skew tolerated on `iat`. */
const SKEW_SECONDS = 60;
const B64URL = /^[A-Za-z0-9_-]+$/;

export interface SessionPayload {
  /** 128 random bits, base64url. Names the session in logs; it is not a credential (the MAC is). */
  sid: string;
  iat: number;
  exp: number;
}

/**
 * The signing key for one configuration. The password is mixed in, so changing DASHBOARD_PASSWORD ends
 * every session even when SESSION_SECRET stays the same.
 */
export function sessionKey(sessionSecret: string | Uint8Array, password: string | undefined): Buffer {
  return createHmac("sha256", sessionSecret)
    .update(`batchboard-session-${VERSION}\0${password ?? ""}`)
    .digest();
}

function mac(key: Uint8Array, signed: string): Buffer {
  return createHmac("sha256", key).update(signed).digest();
}

export function signSession(key: Uint8Array, payload: SessionPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const signed = `${VERSION}.${body}`;
  return `${signed}.${mac(key, signed).toString("base64url")}`;
}

/** A fresh session that ends SESSION_TTL_SECONDS from `nowMs`. */
export function newSession(key: Uint8Array, nowMs = Date.now()): { token: string; payload: SessionPayload } {
  const iat = Math.floor(nowMs / 1000);
  const payload = { sid: randomBytes(16).toString("base64url"), iat, exp: iat + SESSION_TTL_SECONDS };
  return { token: signSession(key, payload), payload };
}

function isPayload(value: unknown): value is SessionPayload {
  if (typeof value !== "object" || value === null) return false;
  const { sid, iat, exp } = value as Record<string, unknown>;
  return (
    typeof sid === "string" &&
    B64URL.test(sid) &&
    Number.isSafeInteger(iat) &&
    Number.isSafeInteger(exp) &&
    (exp as number) > (iat as number) &&
    (exp as number) - (iat as number) <= SESSION_TTL_SECONDS
  );
}

/** The payload of a valid, unexpired token signed with `key`; undefined for anything else. */
export function verifySession(
  key: Uint8Array,
  token: string | undefined,
  nowMs = Date.now(),
): SessionPayload | undefined {
  if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [version, body, signature] = parts as [string, string, string];
  if (version !== VERSION || !B64URL.test(body) || !B64URL.test(signature)) return undefined;

  // Compared as text, not decoded bytes: base64url decoding ignores the spare bits of the last character,
  // so two different strings can decode to the same MAC. Lengths are public (a MAC is always 43 characters).
  const expected = Buffer.from(mac(key, `${version}.${body}`).toString("base64url"));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;

  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!isPayload(payload)) return undefined;
  const now = Math.floor(nowMs / 1000);
  if (payload.exp <= now || payload.iat > now + SKEW_SECONDS) return undefined;
  return payload;
}

/** The value of one cookie from a `Cookie` header (the first one of that name), or undefined. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

/** The session token a request carries: the `__Host-` cookie first, then the plain one. */
export function sessionTokenFrom(cookieHeader: string | null): string | undefined {
  return readCookie(cookieHeader, SECURE_SESSION_COOKIE) ?? readCookie(cookieHeader, SESSION_COOKIE);
}

/** `Set-Cookie` for a new session. `secure` when the browser reached the dashboard over https. */
export function sessionCookie(token: string, secure: boolean): string {
  const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  return [
    `${name}=${token}`,
    "Path=/",
    `Max-Age=${SESSION_TTL_SECONDS}`,
    "HttpOnly",
    "SameSite=Strict",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** `Set-Cookie` values that remove the session cookie under both names. */
export function clearedSessionCookies(secure: boolean): string[] {
  const expired = "Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict";
  return [
    `${SESSION_COOKIE}=; ${expired}${secure ? "; Secure" : ""}`,
    // A __Host- cookie can only be set (or cleared) with Secure; a browser on http ignores this one.
    `${SECURE_SESSION_COOKIE}=; ${expired}; Secure`,
  ];
}
