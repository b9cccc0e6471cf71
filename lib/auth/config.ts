import "server-only";
import { randomBytes } from "node:crypto";
import { AppError } from "../api/errors";
import { type DashboardAddresses, dashboardAddresses } from "./origins";
import { LoginLimiter } from "./rate-limit";
import { sessionKey } from "./session";
import { type AuthSettings, parseAuthSettings, SettingsError } from "./settings";

export interface AuthConfig extends AuthSettings {
  /** Whether pages and API calls need a session (true when DASHBOARD_PASSWORD is set). */
  loginRequired: boolean;
  addresses: DashboardAddresses;
  /** HMAC key for session cookies, derived from SESSION_SECRET (or a per-process random one) and the password. */
  sessionKey: Buffer;
}

export function buildAuthConfig(settings: AuthSettings, fallbackSecret: Uint8Array): AuthConfig {
  return {
    ...settings,
    loginRequired: settings.password !== undefined,
    addresses: dashboardAddresses(settings),
    sessionKey: sessionKey(settings.sessionSecret ?? fallbackSecret, settings.password),
  };
}

// Route handlers and pages are separate bundles that may each load this module, so the per-process state
// lives on globalThis: one random secret, one parsed configuration, one login limiter per server process.
interface AuthState {
  fallbackSecret: Buffer;
  config?: AuthConfig;
  limiter?: LoginLimiter;
}
const STATE = Symbol.for("batchboard.auth");
const globals = globalThis as typeof globalThis & { [STATE]?: AuthState };

function state(): AuthState {
  globals[STATE] ??= { fallbackSecret: randomBytes(32) };
  return globals[STATE];
}

/**
 * The access configuration, read from the environment once per process. A bad value (the launcher
 * refuses those before the server starts) makes every guarded call answer 500 `misconfigured`.
 */
export function authConfig(): AuthConfig {
  const current = state();
  if (current.config) return current.config;
  try {
    current.config = buildAuthConfig(parseAuthSettings(process.env), current.fallbackSecret);
  } catch (error) {
    if (error instanceof SettingsError) throw new AppError("misconfigured", error.message);
    throw error;
  }
  return current.config;
}

/** The login limiter shared by every login attempt in this process. */
export function loginLimiter(): LoginLimiter {
  const current = state();
  current.limiter ??= new LoginLimiter();
  return current.limiter;
}
