import { useEffect, useRef, useState } from "react";
import type { MessageBatch } from "@/lib/schemas/batch";
import { describeCounts } from "../request-counts-bar";

/** Tells screen reader users when the batch changes state while they are on its page (not every poll). */
export function StatusAnnouncer({ batch }: { batch: MessageBatch }) {
  const previous = useRef(batch.processing_status);
  const [message, setMessage] = useState("");
  const status = batch.processing_status;
  const counts = batch.request_counts;

  useEffect(() => {
    if (previous.current === status) return;
    previous.current = status;
    setMessage(
      status === "ended"
        ? `The batch has ended. ${describeCounts(counts)}.`
        : status === "canceling"
          ? "Cancel requested. The batch is canceling."
          : "",
    );
  }, [status, counts]);

  return (
    <p role="status" className="sr-only">
      {message}
    </p>
  );
}
