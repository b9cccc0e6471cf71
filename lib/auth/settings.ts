// Access-control settings, parsed from the environment with one schema that both the launcher (plain Node,
// before the server starts) and the server (lib/auth/config.ts) use. No `server-only` here, so the launcher
// can import it; it holds no values itself, only the rules for reading them.
import { z } from "zod";

export const MIN_PASSWORD_LENGTH = 16;
export const MIN_API_TOKEN_LENGTH = 16;
export const MIN_SESSION_SECRET_LENGTH = 32;
export const DEFAULT_PORT = 3000;

/** Treats `VAR=` like an unset variable, as lib/env.ts does. */
const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);

const optionalSecret = (name: string, min: number) =>
  z.preprocess(
    unsetIfEmpty,
    z.string().min(min, `${name} must be at least ${min} characters long.`).optional(),
  );

/** `https://host[:port]` with nothing after it; normalised to the URL's own serialisation (lower case, no default port). */
const originSchema = z.preprocess(
  unsetIfEmpty,
  z
    .string()
    .transform((value, context) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        context.addIssue({ code: "custom", message: `PUBLIC_ORIGIN is not a URL: "${value}".` });
        return z.NEVER;
      }
      if (url.protocol !== "https:" && url.protocol !== "http:") {
        context.addIssue({ code: "custom", message: "PUBLIC_ORIGIN must start with https:// (or http://)." });
        return z.NEVER;
      }
      if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) {
        context.addIssue({
          code: "custom",
          message: `PUBLIC_ORIGIN must be an origin only, such as https://batches.example.com (no path, query or credentials); got "${value}".`,
        });
        return z.NEVER;
      }
      return url.origin;
    })
    .optional(),
);

const flag = (name: string) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .enum(["1", "0", "true", "false"], { message: `${name} must be 1 or 0.` })
      .optional()
      .transform((value) => value === "1" || value === "true"),
  );

const portSchema = z.preprocess(
  unsetIfEmpty,
  z
    .string()
    .regex(/^\d+$/, "must be a port number from 1 to 65535")
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, "must be a port number from 1 to 65535")
        .max(65_535, "must be a port number from 1 to 65535"),
    )
    .optional(),
);

const SettingsEnvSchema = z.object({
  DASHBOARD_PASSWORD: optionalSecret("DASHBOARD_PASSWORD", MIN_PASSWORD_LENGTH),
  DASHBOARD_API_TOKEN: optionalSecret("DASHBOARD_API_TOKEN", MIN_API_TOKEN_LENGTH),
  SESSION_SECRET: optionalSecret("SESSION_SECRET", MIN_SESSION_SECRET_LENGTH),
  PUBLIC_ORIGIN: originSchema,
  TRUST_PROXY: flag("TRUST_PROXY"),
  // Set by the launcher: where the server listens. `PORT` is the standalone server's own variable and the
  // fallback for a bare `next start`.
  BATCHBOARD_PORT: portSchema,
  PORT: portSchema,
  BATCHBOARD_HOST: z.preprocess(unsetIfEmpty, z.string().optional()),
});

/** Everything the access checks need, minus the session secret (the server adds that, see config.ts). */
export interface AuthSettings {
  /** When set, every page and API call needs a session (or the API token). */
  password: string | undefined;
  /** Optional bearer token for scripts. */
  apiToken: string | undefined;
  /** SESSION_SECRET as configured; unset means a random one per process. */
  sessionSecret: string | undefined;
  /** The origin browsers use when the dashboard is reached through a name or a reverse proxy. */
  publicOrigin: string | undefined;
  /** Honour X-Forwarded-Host / X-Forwarded-For from a reverse proxy. */
  trustProxy: boolean;
  /** The port the dashboard listens on (the loopback origins carry it). */
  port: number;
  /** The address the dashboard listens on, as the launcher passed it (informational). */
  host: string | undefined;
}

export class SettingsError extends Error {}

/** Parses the access settings; throws a SettingsError whose message names every bad variable. */
export function parseAuthSettings(source: Record<string, string | undefined>): AuthSettings {
  const parsed = SettingsEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      return issue.message.includes(name) ? issue.message : `${name} ${issue.message}`;
    });
    throw new SettingsError(lines.join(" "));
  }
  const env = parsed.data;
  return {
    password: env.DASHBOARD_PASSWORD,
    apiToken: env.DASHBOARD_API_TOKEN,
    sessionSecret: env.SESSION_SECRET,
    publicOrigin: env.PUBLIC_ORIGIN,
    trustProxy: env.TRUST_PROXY,
    port: env.BATCHBOARD_PORT ?? env.PORT ?? DEFAULT_PORT,
    host: env.BATCHBOARD_HOST,
  };
}
