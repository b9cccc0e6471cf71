import Link from "next/link";
import { Panel } from "@/components/ui/panel";

export default function NotFound() {
  return (
    <div className="grid gap-4" data-testid="not-found">
      <h1 className="font-semibold text-lg">Page not found</h1>
      <Panel title="404">
        <p>
          Nothing lives at this address.{" "}
          <Link href="/batches" className="text-accent underline underline-offset-2">
            Go to the batch list
          </Link>
          .
        </p>
      </Panel>
    </div>
  );
}
