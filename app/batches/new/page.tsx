import type { Metadata } from "next";
import { Panel } from "@/components/ui/panel";

export const metadata: Metadata = { title: "New batch" };

export default function NewBatchPage() {
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
