import Link from "next/link";
import { buttonStyles } from "../../ui/button";
import { PlusIcon, TrayIcon } from "../../ui/icons";

/** The workspace has no batches at all: say so, and lead to the upload page. */
export function EmptyState() {
  return (
    <section
      className="grid justify-items-center gap-3 rounded-md border border-line border-dashed bg-surface px-6 py-12 text-center"
      data-testid="empty-state"
    >
      <span className="grid size-10 place-items-center rounded-full bg-canvas text-muted">
        <TrayIcon className="size-5" />
      </span>
      <h2 className="font-semibold text-base">No batches yet</h2>
      <p className="max-w-sm text-muted text-sm">
        A batch runs many Messages requests at half price, usually within an hour. Upload a JSONL file of
        requests to create the first one.
      </p>
      <Link href="/batches/new" className={buttonStyles("primary")} data-testid="empty-state-create">
        <PlusIcon />
        Create a batch
      </Link>
    </section>
  );
}

/** A page past the end of the list (its batches were deleted since the link was made). */
export function EmptyPage({ onNewest }: { onNewest: () => void }) {
  return (
    <section
      className="grid justify-items-center gap-3 rounded-md border border-line border-dashed bg-surface px-6 py-10 text-center"
      data-testid="empty-page"
    >
      <h2 className="font-semibold text-base">No batches on this page</h2>
      <p className="max-w-sm text-muted text-sm">The batches that were here have been deleted.</p>
      <button type="button" onClick={onNewest} className={buttonStyles("secondary")}>
        Go to the newest batches
      </button>
    </section>
  );
}
