import Link from "next/link";
import { buttonStyles } from "../ui/button";
import { ArrowLeftIcon } from "../ui/icons";

/** For an id the workspace does not have: never created here, mistyped, or deleted. */
export function BatchNotFound({ id }: { id?: string }) {
  return (
    <section
      className="grid max-w-xl gap-3 rounded-md border border-line bg-surface px-5 py-5"
      data-testid="batch-not-found"
    >
      <h1 className="font-semibold text-lg">Batch not found</h1>
      <p className="text-sm">
        {id ? (
          <>
            The workspace has no batch <span className="break-all font-mono">{id}</span>.
          </>
        ) : (
          "The workspace has no batch with this id."
        )}{" "}
        It may have been deleted, or the id may be mistyped. Deleted batches cannot be brought back.
      </p>
      <Link href="/batches" className={`${buttonStyles("secondary")} justify-self-start`}>
        <ArrowLeftIcon />
        Back to the batch list
      </Link>
    </section>
  );
}
