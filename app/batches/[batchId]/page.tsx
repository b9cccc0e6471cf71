import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BatchDetail } from "@/components/batches/batch-detail/batch-detail";
import { retrieveBatch } from "@/lib/anthropic/batches";
import { UpstreamError } from "@/lib/anthropic/errors";
import { presentBatch } from "@/lib/api/respond";
import { requirePageAccess } from "@/lib/auth/page-access";
import { batchKeys } from "@/lib/queries/keys";
import { makeQueryClient } from "@/lib/query-client";
import { BATCH_ID_PATTERN } from "@/lib/schemas/batch";

interface BatchPageProps {
  params: Promise<{ batchId: string }>;
}

export async function generateMetadata({ params }: BatchPageProps): Promise<Metadata> {
  const { batchId } = await params;
  return { title: BATCH_ID_PATTERN.test(batchId) ? batchId : "Batch not found" };
}

export default async function BatchPage({ params }: BatchPageProps) {
  await requirePageAccess(`/batches/${encodeURIComponent((await params).batchId)}`);
  const { batchId } = await params;
  if (!BATCH_ID_PATTERN.test(batchId)) notFound();
  const queryClient = makeQueryClient();
  try {
    queryClient.setQueryData(batchKeys.detail(batchId), presentBatch(await retrieveBatch(batchId)));
  } catch (error) {
    // Before anything streams, so the answer is a real 404.
    if (error instanceof UpstreamError && error.status === 404) notFound();
    // Anything else: the browser fetches the batch itself and shows that error, with retry.
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <BatchDetail id={batchId} />
    </HydrationBoundary>
  );
}
