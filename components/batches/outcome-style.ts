import type { Outcome } from "@/lib/batches/status";

export const OUTCOME_LABEL: Record<Outcome, string> = {
  succeeded: "Succeeded",
  errored: "Errored",
  canceled: "Canceled",
  expired: "Expired",
  processing: "Processing",
};

/** Fill colours; processing is a pale stripe so open work never reads as an outcome. */
export const OUTCOME_FILL: Record<Outcome, string> = {
  succeeded: "bg-ok",
  errored: "bg-bad",
  canceled: "bg-warn",
  expired: "bg-expired",
  processing:
    "bg-info/25 bg-[repeating-linear-gradient(135deg,transparent_0_4px,color-mix(in_srgb,var(--bb-info)_25%,transparent)_4px_8px)]",
};
