"use client";

import { useState } from "react";
import { Button, buttonStyles } from "@/components/ui/button";
import { DownloadIcon, Spinner } from "@/components/ui/icons";
import { formatCount } from "@/lib/batches/format";
import { exportView } from "@/lib/results/browser/export-view";
import type { ResultsStore } from "@/lib/results/browser/results-store";
import type { ResultRow } from "@/lib/results/result-row";

interface ResultsDownloadsProps {
  batchId: string;
  store: ResultsStore;
  rows: readonly ResultRow[];
  /** A short name of the view for the file name: "errored", "all". */
  viewName: string;
  /** Everything has arrived; otherwise the view's files hold only what is loaded, and say so. */
  complete: boolean;
}

function save(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  // The download has started by the time the click returns; the URL is only needed for that.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The whole file from the server, or the rows in view as JSONL or CSV, built in the browser. */
export function ResultsDownloads({ batchId, store, rows, viewName, complete }: ResultsDownloadsProps) {
  const [busy, setBusy] = useState<{ format: "jsonl" | "csv"; done: number } | undefined>();
  const [error, setError] = useState<string | undefined>();

  const download = async (format: "jsonl" | "csv") => {
    if (busy) return;
    setError(undefined);
    setBusy({ format, done: 0 });
    try {
      const file = await exportView(format, store.chunks, rows, (done) => setBusy({ format, done }));
      save(file, `${batchId}-${viewName}${complete ? "" : "-partial"}.${format}`);
    } catch (cause) {
      setError(
        `The ${format.toUpperCase()} file could not be built: ${cause instanceof Error ? cause.message : cause}`,
      );
    } finally {
      setBusy(undefined);
    }
  };

  const count = formatCount(rows.length);
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="results-downloads">
      <a
        href={`/api/batches/${encodeURIComponent(batchId)}/results?download=1`}
        download
        className={buttonStyles("secondary", "sm")}
        data-testid="download-full"
      >
        <DownloadIcon className="size-3.5" />
        Full file
      </a>
      {(["jsonl", "csv"] as const).map((format) => (
        <Button
          key={format}
          size="sm"
          onClick={() => void download(format)}
          aria-disabled={rows.length === 0 || busy !== undefined || undefined}
          disabled={rows.length === 0}
          title={complete ? undefined : "Only the results loaded so far"}
          data-testid={`download-view-${format}`}
        >
          {busy?.format === format ? <Spinner /> : <DownloadIcon className="size-3.5" />}
          {busy?.format === format && format === "csv"
            ? `CSV ${formatCount(busy.done)} of ${count}`
            : `${count} shown as ${format.toUpperCase()}`}
        </Button>
      ))}
      {error && (
        <p role="alert" className="w-full text-bad text-xs">
          {error}
        </p>
      )}
    </div>
  );
}
