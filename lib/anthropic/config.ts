import "server-only";
import { AppError } from "../api/errors";
import { env } from "../env";

/** The API version every upstream call is pinned to, whatever a browser or the environment asks for. */
export const ANTHROPIC_VERSION = "2023-06-01";

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

export interface UpstreamConfig {
  origin: string;
  /** Path prefix of the base URL (usually empty), without a trailing slash. */
  basePath: string;
  apiKey: string;
}

/**
 * The upstream, from the server's environment only. Plain http is allowed to loopback (the emulator) and
 * nowhere else, so a misconfiguration can never send the key in clear over a network.
 */
export function upstreamConfig(): UpstreamConfig {
  const url = new URL(env.ANTHROPIC_BASE_URL);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname))) {
    throw new AppError(
      "misconfigured",
      "ANTHROPIC_BASE_URL must be https (plain http only to a loopback address).",
    );
  }
  if (!env.ANTHROPIC_API_KEY)
    throw new AppError("misconfigured", "ANTHROPIC_API_KEY is not set on the server.");
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, ""), apiKey: env.ANTHROPIC_API_KEY };
}
