import { Panel } from "@/components/ui/panel";
import type { FileCheck } from "@/lib/batch-file/browser/check-protocol";
import { estimateCost } from "@/lib/batch-file/estimate";
import { formatBytes, formatCompact, formatCount, formatUsd } from "@/lib/batches/format";
import { CostTable } from "./cost-table";
import { RequestSamples } from "./request-samples";
import { WarningList } from "./warning-list";

const FORMAT_LABEL = { jsonl: "JSONL", json: "JSON document" } as const;

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-muted text-xs">{label}</dt>
      <dd className="font-medium tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** Everything the user should see before spending: what will be sent, to which models, at what cost. */
export function UploadPreview({ check }: { check: FileCheck }) {
  const { summary } = check;
  const estimate = estimateCost(summary.models);
  return (
    <div className="grid gap-4" data-testid="upload-preview">
      {check.warnings.length > 0 && <WarningList warnings={check.warnings} />}
      <Panel title="What will be submitted">
        <div className="grid gap-4">
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <Stat label="Requests" value={formatCount(summary.requests)} testId="preview-requests" />
            <Stat label="File" value={`${formatBytes(summary.fileBytes)} · ${FORMAT_LABEL[check.format]}`} />
            <Stat
              label="Body sent to the API"
              value={formatBytes(summary.bodyBytes)}
              testId="preview-body-bytes"
            />
            <Stat
              label="Lines"
              value={`${formatCount(summary.lines)}${summary.blank ? ` (${formatCount(summary.blank)} blank)` : ""}`}
            />
            <Stat label="Input tokens (estimate)" value={`≈ ${formatCompact(estimate.inputTokens)}`} />
            <Stat label="Output tokens at most" value={formatCompact(estimate.maxOutputTokens)} />
            <Stat
              label="Largest possible cost"
              value={`${formatUsd(estimate.batchCost)}${estimate.unpriced.length ? " + unpriced" : ""}`}
              testId="preview-max-cost"
            />
            <Stat label="Without batching" value={formatUsd(estimate.standardCost)} />
          </dl>
          <CostTable estimate={estimate} inputChars={summary.inputChars} />
          <RequestSamples samples={check.samples} total={summary.requests} />
        </div>
      </Panel>
    </div>
  );
}
