import { request } from "undici";

/** The `anthropic-version` the probe sends; the emulator and the real API both accept it. */
const PROBE_ANTHROPIC_VERSION = "2023-06-01";

export interface ProbeTarget {
  mode: "emulator" | "anthropic";
  baseUrl: string;
  apiKey: string | undefined;
  timeoutMs: number;
}

export interface UpstreamStatus {
  reachable: boolean;
  latency_ms: number | null;
}

/**
 * One GET against the upstream. The emulator has a health route that must answer 2xx; the real API has
 * none, so any HTTP answer to a cheap list call (even 401) proves the network path works.
 */
export async function probeUpstream(target: ProbeTarget): Promise<UpstreamStatus> {
  const base = target.baseUrl.replace(/\/+$/, "");
  const isEmulator = target.mode === "emulator";
  const url = isEmulator ? `${base}/_emulator/health` : `${base}/v1/messages/batches?limit=1`;
  const headers: Record<string, string> = { "anthropic-version": PROBE_ANTHROPIC_VERSION };
  if (target.apiKey) headers["x-api-key"] = target.apiKey;

  const started = performance.now();
  try {
    const response = await request(url, {
      method: "GET",
      headers,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    const latency = Math.round(performance.now() - started);
    await response.body.dump();
    const reachable = isEmulator ? response.statusCode >= 200 && response.statusCode < 300 : true;
    return { reachable, latency_ms: latency };
  } catch {
    return { reachable: false, latency_ms: null };
  }
}
