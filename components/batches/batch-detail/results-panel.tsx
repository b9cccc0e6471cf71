import Link from "next/link";
import { hasResults, isTerminal, resultsAvailableUntil } from "@/lib/batches/status";
import type { MessageBatch } from "@/lib/schemas/batch";
import { buttonStyles } from "../../ui/button";
import { DownloadIcon, TableIcon } from "../../ui/icons";
import { Panel } from "../../ui/panel";
import { RelativeTime } from "../../ui/relative-time";

export function ResultsPanel({ batch }: { batch: MessageBatch }) {
  return (
    <Panel title="Results" testId="results-panel">
      {hasResults(batch) ? (
        <div className="grid gap-3">
          <div className="flex flex-wrap gap-2">
            <Link
              href={`/batches/${batch.id}/results`}
              className={buttonStyles("primary")}
              data-testid="open-results"
            >
              <TableIcon />
              Open results
            </Link>
            <a
              href={`/api/batches/${batch.id}/results?download=1`}
              download
              className={buttonStyles("secondary")}
              data-testid="download-results"
            >
              <DownloadIcon />
              Download JSONL
            </a>
          </div>
          <p className="text-muted text-xs">
            Downloadable until <RelativeTime iso={resultsAvailableUntil(batch)} className="text-fg" />, 29
            days after the batch was created.
          </p>
        </div>
      ) : isTerminal(batch) ? (
        <p className="text-muted" data-testid="results-archived">
          The results were archived
          {batch.archived_at && (
            <>
              {" "}
              <RelativeTime iso={batch.archived_at} className="text-fg" />
            </>
          )}{" "}
          and can no longer be downloaded.
        </p>
      ) : (
        <p className="text-muted" data-testid="results-pending">
          Results become available when the batch ends. Canceling ends it early; requests that finished keep
          their results.
        </p>
      )}
    </Panel>
  );
}
