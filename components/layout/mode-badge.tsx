import { connection } from "next/server";
import { env } from "@/lib/env";

const EMULATOR_EXPLANATION =
  "Batches run on the embedded emulator: no real API is called and nothing is billed.";

/** Which upstream this server talks to. Request-time, because the launcher decides the mode at startup. */
export async function ModeBadge() {
  await connection();
  if (env.BATCHBOARD_MODE === "anthropic") {
    return (
      <span className="rounded border border-line px-2 py-0.5 text-muted text-xs" data-testid="mode-badge">
        Anthropic API
      </span>
    );
  }
  return (
    <span
      className="inline-flex items-center gap-1.5 whitespace-nowrap rounded border border-emulator/40 bg-emulator-soft px-2 py-0.5 text-emulator text-xs"
      title={EMULATOR_EXPLANATION}
      data-testid="emulator-badge"
    >
      <span className="font-semibold uppercase tracking-wide">Emulator</span>
      <span>no real API calls</span>
    </span>
  );
}
