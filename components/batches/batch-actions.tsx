"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { formatCount } from "@/lib/batches/format";
import { isTerminal } from "@/lib/batches/status";
import { useCancelBatch, useDeleteBatch } from "@/lib/queries/use-batch-mutations";
import type { MessageBatch } from "@/lib/schemas/batch";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorDetails } from "./query-error";

/** Why a button cannot act right now, or null when it can. */
function cancelBlocker(batch: MessageBatch): string | null {
  if (batch.processing_status === "canceling")
    return "Cancel already requested: the batch ends once requests in flight finish.";
  if (isTerminal(batch)) return "The batch has ended; there is nothing left to cancel.";
  return null;
}

function deleteBlocker(batch: MessageBatch): string | null {
  if (isTerminal(batch)) return null;
  return batch.processing_status === "canceling"
    ? "A batch can be deleted once it has ended; this one ends when its cancel completes."
    : "Only an ended batch can be deleted. Cancel it first, or wait for it to end.";
}

export function BatchActions({ batch }: { batch: MessageBatch }) {
  const router = useRouter();
  const cancel = useCancelBatch(batch.id);
  const remove = useDeleteBatch(batch.id);
  const [dialog, setDialog] = useState<"cancel" | "delete" | null>(null);
  const cancelReasonId = useId();
  const deleteReasonId = useId();
  const cancelBlocked = cancelBlocker(batch);
  const deleteBlocked = deleteBlocker(batch);
  const processing = batch.request_counts.processing;

  function open(which: "cancel" | "delete") {
    if (which === "cancel" ? cancelBlocked : deleteBlocked) return;
    (which === "cancel" ? cancel : remove).reset();
    setDialog(which);
  }

  return (
    <div className="grid justify-items-start gap-1.5 sm:justify-items-end" data-testid="batch-actions">
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          onClick={() => open("cancel")}
          aria-disabled={cancelBlocked ? true : undefined}
          aria-describedby={cancelBlocked ? cancelReasonId : undefined}
          data-testid="cancel-batch"
        >
          Cancel batch
        </Button>
        <Button
          variant="danger"
          onClick={() => open("delete")}
          aria-disabled={deleteBlocked ? true : undefined}
          aria-describedby={deleteBlocked ? deleteReasonId : undefined}
          data-testid="delete-batch"
        >
          Delete
        </Button>
      </div>
      <div className="grid gap-0.5 text-muted text-xs sm:text-right">
        {cancelBlocked && (
          <p id={cancelReasonId} data-testid="cancel-reason">
            {cancelBlocked}
          </p>
        )}
        {deleteBlocked && (
          <p id={deleteReasonId} data-testid="delete-reason">
            {deleteBlocked}
          </p>
        )}
      </div>

      <ConfirmDialog
        open={dialog === "cancel"}
        title="Cancel this batch?"
        confirmLabel="Cancel batch"
        pendingLabel="Canceling…"
        cancelLabel="Keep running"
        pending={cancel.isPending}
        error={cancel.error && <ErrorDetails error={cancel.error} />}
        onConfirm={() => cancel.mutate(undefined, { onSuccess: () => setDialog(null) })}
        onClose={() => setDialog(null)}
        testId="cancel-dialog"
      >
        <p>
          <span className="break-all font-mono">{batch.id}</span> still has {formatCount(processing)}{" "}
          {processing === 1 ? "request" : "requests"} processing.
        </p>
        <ul className="list-disc space-y-1 pl-5 text-muted">
          <li>Requests that have not started yet become canceled and are not billed.</li>
          <li>Requests already running may still finish as succeeded or errored.</li>
          <li>
            The batch shows <em>canceling</em> until those finish, then ends. Results for everything that
            finished stay available to download.
          </li>
        </ul>
        <p>A canceled batch cannot be resumed.</p>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === "delete"}
        title="Delete this batch?"
        confirmLabel="Delete batch"
        pendingLabel="Deleting…"
        cancelLabel="Keep it"
        // Still busy after success, until the list replaces this page: a second click would only 404.
        pending={remove.isPending || remove.isSuccess}
        error={remove.error && <ErrorDetails error={remove.error} />}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => router.replace("/batches") })}
        onClose={() => setDialog(null)}
        testId="delete-dialog"
      >
        <p>
          This deletes <span className="break-all font-mono font-semibold">{batch.id}</span> and its results
          from the workspace for good.
        </p>
        <p className="text-muted">Download the results first if you still need them.</p>
      </ConfirmDialog>
    </div>
  );
}
