import "server-only";
import { type BatchboardMode, env } from "../env";
import { probeUpstream, type UpstreamStatus } from "./probe-upstream";

const PROBE_TIMEOUT_MS = 2_000;

export interface Health {
  ok: true;
  mode: BatchboardMode;
  upstream: UpstreamStatus;
}

/** What `/api/health` answers and the pages show. Holds no secret and no upstream URL. */
export async function checkHealth(): Promise<Health> {
  const upstream = await probeUpstream({
    mode: env.BATCHBOARD_MODE,
    baseUrl: env.ANTHROPIC_BASE_URL,
    apiKey: env.ANTHROPIC_API_KEY,
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  return { ok: true, mode: env.BATCHBOARD_MODE, upstream };
}
