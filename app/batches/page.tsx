import type { Metadata } from "next";
import { Suspense } from "react";
import { ConnectionStatus, ConnectionStatusSkeleton } from "@/components/batches/connection-status";
import { Panel } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/page-access";

export const metadata: Metadata = { title: "Batches" };

export default async function BatchesPage() {
  await requirePageAccess("/batches");
  return (
    <div className="grid gap-4">
      <h1 className="font-semibold text-lg">Batches</h1>
      <Panel title="Batch list" testId="coming-soon">
        <p>
          Coming soon. This build has the app shell, the health check and the embedded emulator. Browsing
          every batch newest first, live progress, cancel and delete arrive in the next steps.
        </p>
      </Panel>
      <Suspense fallback={<ConnectionStatusSkeleton />}>
        <ConnectionStatus />
      </Suspense>
    </div>
  );
}
