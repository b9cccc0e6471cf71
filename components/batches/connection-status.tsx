import { connection } from "next/server";
import { checkHealth } from "@/lib/health/check-health";

const MODE_DESCRIPTION = {
  emulator: "Embedded emulator: batches are simulated locally and no real API is called.",
  anthropic: "Anthropic API: real batches, run and billed on the server's API key.",
} as const;

const UNREACHABLE_ADVICE = {
  emulator: "The embedded emulator did not answer its health check. Restart the dashboard with npm start.",
  anthropic:
    "No answer from the Anthropic API (the connection failed or took over 2 s). Check the network, or ANTHROPIC_BASE_URL if you set it.",
} as const;

const STRIP = "flex flex-wrap items-center gap-x-4 gap-y-1 rounded-md border border-line px-3 py-2 text-xs";

/** One line under the list: which upstream this server talks to, and whether it answers. */
export async function ConnectionStatus() {
  await connection();
  const health = await checkHealth();
  const { reachable, latency_ms } = health.upstream;
  return (
    <section aria-label="Connection" className={`${STRIP} text-muted`} data-testid="connection-status">
      <span
        className={`inline-flex items-center gap-1.5 font-medium ${reachable ? "text-ok" : "text-bad"}`}
        data-testid="upstream-status"
        data-reachable={reachable}
      >
        <span aria-hidden className="size-2 rounded-full bg-current" />
        {reachable ? "Upstream reachable" : "Upstream unreachable"}
      </span>
      <span data-testid="connection-mode">{MODE_DESCRIPTION[health.mode]}</span>
      <span className="tabular-nums">Latency {latency_ms === null ? "—" : `${latency_ms} ms`}</span>
      {!reachable && <p className="w-full text-bad">{UNREACHABLE_ADVICE[health.mode]}</p>}
    </section>
  );
}

export function ConnectionStatusSkeleton() {
  return (
    <section aria-label="Connection" className={`${STRIP} text-muted`}>
      Checking the connection to the upstream…
    </section>
  );
}
