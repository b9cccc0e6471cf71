import "server-only";
import { type AuthConfig, authConfig } from "../auth/config";
import { isDashboardOrigin, originForHost } from "../auth/origins";
import { secretsMatch } from "../auth/password";
import { sessionTokenFrom, verifySession } from "../auth/session";
import { AppError } from "./errors";

/** Who is calling, for the handler and the audit log. */
export type Principal =
  /** A script with `Authorization: Bearer <DASHBOARD_API_TOKEN>`. */
  | { kind: "api" }
  /** A browser signed in with DASHBOARD_PASSWORD; `sid` names the session in logs (it is not a credential). */
  | { kind: "session"; sid: string; expiresAt: number }
  /** No password is configured: anyone who reaches the loopback address, through the Host and Origin checks. */
  | { kind: "local" }
  /** A route that authenticates nobody (login, logout); Host and Origin are still checked. */
  | { kind: "anonymous" };

export interface GuardOptions {
  /** Changes state: the Origin / Sec-Fetch-Site check applies (it also applies to any non-GET/HEAD method). */
  mutating: boolean;
  /**
   * What a mutating call's body must look like, so that a cross-origin form or `no-cors` fetch (which cannot
   * set either) is refused: "json" needs `content-type: application/json`, "upload" needs
   * `x-dashboard-upload: 1`, "none" (cancel, delete) needs nothing beyond the Origin rule.
   */
  body?: "json" | "upload" | "none";
  /** Skip authentication (the login and logout routes). */
  anonymous?: boolean;
}

/** What the checks read from a request; a `Request` has both. */
export interface RequestHead {
  method: string;
  headers: Headers;
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);
const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * The dashboard origin a request was sent to, from `Host` and, behind a trusted proxy, `X-Forwarded-Host`.
 * Both must be one of the dashboard's own addresses; undefined otherwise.
 */
export function targetOrigin(request: RequestHead, config: AuthConfig): string | undefined {
  const direct = originForHost(request.headers.get("host"), config.addresses);
  if (direct === undefined || !config.trustProxy) return direct;
  const forwarded = request.headers.get("x-forwarded-host");
  if (forwarded === null) return direct;
  // The first entry is the host the browser used; later ones were added by proxies in between.
  return originForHost(forwarded.split(",")[0] ?? "", config.addresses);
}

/** True when the browser reached the dashboard over https (the session cookie is then Secure and `__Host-`). */
export function isSecureRequest(request: RequestHead, config: AuthConfig): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null && isDashboardOrigin(origin, config.addresses) && origin.startsWith("https:"))
    return true;
  return targetOrigin(request, config)?.startsWith("https:") ?? false;
}

function authenticate(request: RequestHead, config: AuthConfig, nowMs: number): Principal {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const token = BEARER.exec(authorization)?.[1];
    if (secretsMatch(token, config.apiToken)) return { kind: "api" };
    throw new AppError("unauthorized", "The API token is missing or wrong.");
  }
  if (!config.loginRequired) return { kind: "local" };
  const session = verifySession(config.sessionKey, sessionTokenFrom(request.headers.get("cookie")), nowMs);
  if (!session)
    throw new AppError("unauthorized", "Sign in to continue; the session is missing or has expired.");
  return { kind: "session", sid: session.sid, expiresAt: session.exp * 1000 };
}

/** Refuses a state-changing call that a page on another origin could have made with the user's browser. */
function checkSameOrigin(request: RequestHead, options: GuardOptions, config: AuthConfig): void {
  const fetchSite = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  if (fetchSite !== null && fetchSite !== "same-origin") {
    throw new AppError(
      "forbidden",
      "Cross-site request refused: it must come from the dashboard's own pages.",
    );
  }
  // Compared with the configured origins, never with Host (which a DNS-rebinding page controls).
  if (origin !== null ? !isDashboardOrigin(origin, config.addresses) : fetchSite === null) {
    throw new AppError("forbidden", "Request refused: its Origin is not this dashboard.");
  }
  if (options.body === "json") {
    const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (mediaType !== "application/json") {
      throw new AppError("forbidden", "This request must be sent as content-type: application/json.");
    }
  } else if (options.body === "upload" && request.headers.get("x-dashboard-upload") !== "1") {
    throw new AppError("forbidden", "Uploads must carry the header x-dashboard-upload: 1.");
  }
}

/**
 * The guard's decisions, with the configuration passed in: Host allow-list (421), authentication (401),
 * then, for anything but an API token on a state-changing call, the Origin / Sec-Fetch-Site rule (403).
 */
export function authorize(
  request: RequestHead,
  options: GuardOptions,
  config: AuthConfig,
  nowMs = Date.now(),
): Principal {
  if (targetOrigin(request, config) === undefined) {
    throw new AppError(
      "misdirected",
      "This dashboard only answers to its own address (localhost or PUBLIC_ORIGIN); the request used another one.",
    );
  }
  const principal: Principal = options.anonymous
    ? { kind: "anonymous" }
    : authenticate(request, config, nowMs);
  const changesState = options.mutating || !SAFE_METHODS.has(request.method.toUpperCase());
  // A bearer token cannot ride along on a cross-site request (the browser never adds it), so it needs no check.
  if (changesState && principal.kind !== "api") checkSameOrigin(request, options, config);
  return principal;
}

/**
 * The first line of every route handler: `const principal = await guard(request, { mutating: true, body: "json" })`.
 * Throws an AppError (421 misdirected, 401 unauthorized, 403 forbidden, 500 misconfigured); never touches the body.
 */
export async function guard(request: Request, options: GuardOptions): Promise<Principal> {
  return authorize(request, options, authConfig());
}
