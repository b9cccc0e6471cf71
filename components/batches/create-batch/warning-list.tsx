import { AlertIcon } from "@/components/ui/icons";
import type { UploadWarning } from "@/lib/batch-file/warnings";
import { formatCount } from "@/lib/batches/format";

/** What the API accepts now but will answer with errored results after the batch has run. */
export function WarningList({ warnings }: { warnings: UploadWarning[] }) {
  return (
    <section
      className="grid gap-2 rounded-md border border-warn/40 bg-warn/10 px-4 py-3"
      aria-label="Warnings"
      data-testid="upload-warnings"
    >
      <h2 className="flex items-center gap-2 font-semibold text-sm">
        <AlertIcon className="size-4 text-warn" />
        {warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`}: the API accepts these requests
        now and fails them later
      </h2>
      <ul className="grid gap-1.5 text-sm">
        {warnings.map((warning) => (
          <li
            key={`${warning.code}-${warning.message}`}
            data-testid="upload-warning"
            data-code={warning.code}
          >
            <span className="font-medium">
              {formatCount(warning.count)} {warning.count === 1 ? "request" : "requests"}
            </span>{" "}
            (line{warning.lines.length === 1 ? "" : "s"} {warning.lines.join(", ")}
            {warning.count > warning.lines.length ? ", …" : ""}): {warning.message}
          </li>
        ))}
      </ul>
      <p className="text-muted text-xs">
        You can still submit: each such request ends as an <code>errored</code> result while the others run.
      </p>
    </section>
  );
}
