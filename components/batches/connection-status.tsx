import { connection } from "next/server";
import { Panel } from "@/components/ui/panel";
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

export async function ConnectionStatus() {
  await connection();
  const health = await checkHealth();
  const { reachable, latency_ms } = health.upstream;
  return (
    <Panel
      title="Connection"
      testId="connection-status"
      aside={
        <span
          className={`inline-flex items-center gap-1.5 text-xs ${reachable ? "text-ok" : "text-bad"}`}
          data-testid="upstream-status"
          data-reachable={reachable}
        >
          <span aria-hidden className="size-2 rounded-full bg-current" />
          {reachable ? "Upstream reachable" : "Upstream unreachable"}
        </span>
      }
    >
      <dl className="grid grid-cols-[5rem_1fr] sm:grid-cols-[7rem_1fr] gap-x-4 gap-y-1.5">
        <dt className="text-muted">Mode</dt>
        <dd data-testid="connection-mode">{MODE_DESCRIPTION[health.mode]}</dd>
        <dt className="text-muted">Latency</dt>
        <dd className="font-mono tabular-nums">{latency_ms === null ? "—" : `${latency_ms} ms`}</dd>
      </dl>
      {!reachable && <p className="mt-3 text-bad">{UNREACHABLE_ADVICE[health.mode]}</p>}
    </Panel>
  );
}

export function ConnectionStatusSkeleton() {
  return (
    <Panel title="Connection" aside={<span className="text-muted text-xs">Checking…</span>}>
      <p className="text-muted">Contacting the upstream…</p>
    </Panel>
  );
}
