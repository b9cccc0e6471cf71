import type { Metadata } from "next";
import { Panel } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/page-access";

export const metadata: Metadata = { title: "New batch" };

export default async function NewBatchPage() {
  await requirePageAccess("/batches/new");
  return (
    <div className="grid gap-4">
      <h1 className="font-semibold text-lg">New batch</h1>
      <Panel title="Upload a JSONL file" testId="coming-soon">
        <p>
          Coming soon. You will pick a JSONL file, see every line validated before anything is sent, and then
          create the batch.
        </p>
      </Panel>
    </div>
  );
}
