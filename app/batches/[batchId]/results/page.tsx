import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ResultsViewer } from "@/components/results/results-viewer";
import { ArrowLeftIcon } from "@/components/ui/icons";
import { Panel } from "@/components/ui/panel";
import { retrieveBatch } from "@/lib/anthropic/batches";
import { UpstreamError } from "@/lib/anthropic/errors";
import { requirePageAccess } from "@/lib/auth/page-access";
import { formatCount } from "@/lib/batches/format";
import { hasResults } from "@/lib/batches/status";
import { BATCH_ID_PATTERN, type MessageBatch } from "@/lib/schemas/batch";

interface ResultsPageProps {
  params: Promise<{ batchId: string }>;
}

export async function generateMetadata({ params }: ResultsPageProps): Promise<Metadata> {
  const { batchId } = await params;
  return { title: BATCH_ID_PATTERN.test(batchId) ? `Results · ${batchId}` : "Batch not found" };
}

/** Why there is nothing to show yet, or any more. */
function NoResults({ batch }: { batch: MessageBatch }) {
  return (
    <Panel title="No results to show" testId="results-unavailable">
      <p className="text-muted">
        {batch.processing_status === "ended"
          ? "The results of this batch were archived and can no longer be read."
          : "Results exist once the batch has ended. Its page shows how far it is."}
      </p>
    </Panel>
  );
}

export default async function ResultsPage({ params }: ResultsPageProps) {
  await requirePageAccess(`/batches/${encodeURIComponent((await params).batchId)}/results`);
  const { batchId } = await params;
  if (!BATCH_ID_PATTERN.test(batchId)) notFound();
  let batch: MessageBatch | undefined;
  try {
    batch = await retrieveBatch(batchId);
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 404) notFound();
    // Anything else: the viewer asks the results route itself and shows that error, with retry.
  }
  const counts = batch?.request_counts;
  return (
    <div className="grid gap-4">
      <div className="grid gap-1">
        <Link
          href={`/batches/${batchId}`}
          className="inline-flex w-fit items-center gap-1 text-muted text-sm hover:text-fg"
        >
          <ArrowLeftIcon className="size-3.5" />
          Batch
        </Link>
        <h1 className="font-semibold text-lg">Results</h1>
        <p className="text-muted text-sm">
          <span className="break-all font-mono" data-testid="results-batch-id">
            {batchId}
          </span>
          {counts && (
            <span>
              {" "}
              · {formatCount(counts.succeeded)} succeeded, {formatCount(counts.errored)} errored,{" "}
              {formatCount(counts.canceled)} canceled, {formatCount(counts.expired)} expired
            </span>
          )}
        </p>
      </div>
      {batch && !hasResults(batch) ? (
        <NoResults batch={batch} />
      ) : (
        <Suspense>
          <ResultsViewer batchId={batchId} />
        </Suspense>
      )}
    </div>
  );
}
