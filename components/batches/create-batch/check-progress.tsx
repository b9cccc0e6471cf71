import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/icons";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatBytes, formatPercent } from "@/lib/batches/format";

interface CheckProgressProps {
  fileName: string;
  bytes: number;
  total: number;
  onCancel: () => void;
}

/** The check of a large file takes seconds: how far it is, and a way to stop it. */
export function CheckProgress({ fileName, bytes, total, onCancel }: CheckProgressProps) {
  return (
    <section
      className="grid gap-2 rounded-md border border-line bg-surface px-4 py-3"
      aria-busy="true"
      data-testid="check-progress"
      data-bytes={bytes}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="flex min-w-0 items-center gap-2 text-sm">
          <Spinner />
          <span className="min-w-0 break-all">
            Checking every line of <span className="font-medium">{fileName}</span>…
          </span>
        </p>
        <Button size="sm" onClick={onCancel} data-testid="cancel-check">
          Cancel
        </Button>
      </div>
      <ProgressBar
        fraction={total ? bytes / total : 1}
        label="Checking the file"
        valueText={`${formatBytes(bytes)} of ${formatBytes(total)} checked`}
        testId="check-bar"
      />
      <p className="text-muted text-xs tabular-nums">
        {formatBytes(bytes)} of {formatBytes(total)} ({formatPercent(bytes, total)}). Nothing is sent while
        the file is checked.
      </p>
    </section>
  );
}
