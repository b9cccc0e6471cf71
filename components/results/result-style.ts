import type { ResultRow } from "@/lib/results/result-row";

export const RESULT_LABEL: Record<ResultRow["type"], string> = {
  succeeded: "Succeeded",
  errored: "Errored",
  canceled: "Canceled",
  expired: "Expired",
  invalid: "Unreadable",
};

/** Text colour of each type, the same hues as the batch page's counts. */
export const RESULT_TEXT: Record<ResultRow["type"], string> = {
  succeeded: "text-ok",
  errored: "text-bad",
  canceled: "text-warn",
  expired: "text-expired",
  invalid: "text-bad",
};
