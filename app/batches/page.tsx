import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { BatchList } from "@/components/batches/batch-list";
import { ConnectionStatus, ConnectionStatusSkeleton } from "@/components/batches/connection-status";
import { buttonStyles } from "@/components/ui/button";
import { PlusIcon } from "@/components/ui/icons";
import { listBatches } from "@/lib/anthropic/batches";
import { presentBatch } from "@/lib/api/respond";
import { requirePageAccess } from "@/lib/auth/page-access";
import { listSearch, parseListQuery } from "@/lib/batches/list-query";
import { batchKeys } from "@/lib/queries/keys";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Batches" };

interface BatchesPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function BatchesPage({ searchParams }: BatchesPageProps) {
  await requirePageAccess(`/batches${listSearch(parseListQuery(await searchParams))}`);
  const query = parseListQuery(await searchParams);
  const queryClient = makeQueryClient();
  try {
    const page = await listBatches(query);
    // The same shape the browser gets from GET /api/batches, under the key it will ask for.
    queryClient.setQueryData(batchKeys.list(query), { ...page, data: page.data.map(presentBatch) });
  } catch {
    // Nothing to hydrate: the browser asks /api/batches itself and shows that answer's error, with retry.
  }
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="font-semibold text-lg">Batches</h1>
          <p className="text-muted text-sm">Every batch in the workspace, newest first.</p>
        </div>
        <Link href="/batches/new" className={buttonStyles("primary")}>
          <PlusIcon />
          New batch
        </Link>
      </div>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <BatchList />
      </HydrationBoundary>
      <Suspense fallback={<ConnectionStatusSkeleton />}>
        <ConnectionStatus />
      </Suspense>
    </div>
  );
}
