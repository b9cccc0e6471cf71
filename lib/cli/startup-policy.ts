// What the launcher checks before it starts anything (security.md §1.5, startup policy). Pure: it reads an
// environment record and says yes (with what to log) or no (with one message naming the problem).
import { MIN_PASSWORD_LENGTH, parseAuthSettings, SettingsError } from "../auth/settings";
import { isLoopbackHost, parsePort, refuseNonLoopbackMessage } from "./listen-address";

export interface StartupPlan {
  ok: true;
  host: string;
  port: number;
  /** Variables the launcher hands to the server on top of its own environment. */
  serverEnv: { BATCHBOARD_HOST: string; BATCHBOARD_PORT: string };
  /** One line for the log: how access works. Names settings, never their values (except the public origin). */
  accessLine: string;
}

export interface StartupRefusal {
  ok: false;
  message: string;
}

const KEY_SHAPE = /sk-ant-/i;
const SECRET_NAMES = [
  "ANTHROPIC_API_KEY",
  "DASHBOARD_PASSWORD",
  "DASHBOARD_API_TOKEN",
  "SESSION_SECRET",
] as const;

/** NEXT_PUBLIC_* values are compiled into the JavaScript every browser downloads. */
function leakedPublicVariables(env: Record<string, string | undefined>): string[] {
  const secrets = SECRET_NAMES.map((name) => env[name]).filter((value): value is string => Boolean(value));
  return Object.entries(env)
    .filter(([name, value]) => name.startsWith("NEXT_PUBLIC_") && value)
    .filter(([, value]) => KEY_SHAPE.test(value as string) || secrets.includes(value as string))
    .map(([name]) => name)
    .sort();
}

export function checkStartupPolicy(env: Record<string, string | undefined>): StartupPlan | StartupRefusal {
  const host = env.HOST || "127.0.0.1";
  let port: number;
  try {
    port = parsePort(env.PORT || "3000", "PORT");
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }

  const leaked = leakedPublicVariables(env);
  if (leaked.length > 0) {
    return {
      ok: false,
      message: `Batchboard will not start: ${leaked.join(", ")} ${leaked.length === 1 ? "holds" : "hold"} what looks like an API key or another secret, and NEXT_PUBLIC_ variables are built into the pages every browser downloads. Remove ${leaked.length === 1 ? "it" : "them"}; the key belongs in ANTHROPIC_API_KEY, which only the server reads.`,
    };
  }

  let settings: ReturnType<typeof parseAuthSettings>;
  try {
    settings = parseAuthSettings({ ...env, BATCHBOARD_PORT: String(port), BATCHBOARD_HOST: host });
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    return { ok: false, message: `Batchboard will not start: ${error.message}` };
  }

  const loopback = isLoopbackHost(host);
  if (!loopback) {
    const missing = [
      ...(settings.password ? [] : ["DASHBOARD_PASSWORD"]),
      ...(settings.publicOrigin ? [] : ["PUBLIC_ORIGIN"]),
    ];
    if (missing.length > 0) return { ok: false, message: refuseNonLoopbackMessage(host, missing) };
  }

  if (settings.publicOrigin) {
    const origin = new URL(settings.publicOrigin);
    // A public name means other machines get here, through a reverse proxy if not directly.
    if (!settings.password && !isLoopbackHost(origin.hostname)) {
      return {
        ok: false,
        message: `Batchboard will not start: PUBLIC_ORIGIN=${settings.publicOrigin} means other machines reach the dashboard (through a reverse proxy, if not directly), and there is no DASHBOARD_PASSWORD. Set DASHBOARD_PASSWORD (at least ${MIN_PASSWORD_LENGTH} characters), or leave PUBLIC_ORIGIN unset for a dashboard only this machine uses.`,
      };
    }
    const insecureAllowed = env.ALLOW_INSECURE_HTTP === "1" || env.ALLOW_INSECURE_HTTP === "true";
    if (origin.protocol === "http:" && !isLoopbackHost(origin.hostname) && !insecureAllowed) {
      return {
        ok: false,
        message: `Batchboard will not start: PUBLIC_ORIGIN=${settings.publicOrigin} is plain http, so the password and the session cookie would cross the network unencrypted. Put the dashboard behind https (a reverse proxy such as Caddy or nginx) and set PUBLIC_ORIGIN to its https:// address, or set ALLOW_INSECURE_HTTP=1 if this network is trusted.`,
      };
    }
  }

  const parts = [
    settings.password
      ? `sign-in required (DASHBOARD_PASSWORD, at least ${MIN_PASSWORD_LENGTH} characters)`
      : "no password: only this machine can connect",
    ...(settings.apiToken ? ["API token accepted"] : []),
    ...(settings.publicOrigin ? [`public origin ${settings.publicOrigin}`] : []),
    ...(settings.trustProxy ? ["trusting X-Forwarded-* from a reverse proxy"] : []),
  ];
  return {
    ok: true,
    host,
    port,
    serverEnv: { BATCHBOARD_HOST: host, BATCHBOARD_PORT: String(port) },
    accessLine: `Access: ${parts.join(" · ")}`,
  };
}
