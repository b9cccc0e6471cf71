import { formatCount } from "@/lib/batches/format";
import { endedTone, STATUS_LABEL, totalRequests } from "@/lib/batches/status";
import type { MessageBatch } from "@/lib/schemas/batch";
import { AlertIcon } from "../ui/icons";

type BadgeBatch = Pick<MessageBatch, "processing_status" | "request_counts">;

const TONE_STYLE = {
  running: "border-info/30 bg-info/10 text-info",
  canceling: "border-warn/40 bg-warn/10 text-warn",
  ok: "border-ok/30 bg-ok/10 text-ok",
  partial: "border-warn/40 bg-warn/10 text-warn",
  failed: "border-bad/40 bg-bad/10 text-bad",
} as const;

/** What an ended batch's badge adds, so a batch where requests failed never looks like a clean success. */
function endedNote(batch: BadgeBatch): string | null {
  const tone = endedTone(batch);
  const { succeeded } = batch.request_counts;
  const total = totalRequests(batch.request_counts);
  if (tone === "partial") return `${formatCount(total - succeeded)} of ${formatCount(total)} did not succeed`;
  if (tone === "failed") return "no request succeeded";
  return null;
}

export function BatchStatusBadge({ batch }: { batch: BadgeBatch }) {
  const status = batch.processing_status;
  const tone = endedTone(batch);
  const style = TONE_STYLE[tone ?? (status === "canceling" ? "canceling" : "running")];
  const note = endedNote(batch);
  return (
    <span
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border px-2 py-0.5 font-medium text-xs ${style}`}
      title={note ? `${STATUS_LABEL[status]}: ${note}` : undefined}
      data-testid="status-badge"
      data-status={status}
    >
      {note ? (
        <AlertIcon className="size-3" />
      ) : (
        <span
          aria-hidden
          className={`size-1.5 rounded-full bg-current ${status === "ended" ? "" : "motion-safe:animate-pulse"}`}
        />
      )}
      {STATUS_LABEL[status]}
      {note && <span className="sr-only">, {note}</span>}
    </span>
  );
}
