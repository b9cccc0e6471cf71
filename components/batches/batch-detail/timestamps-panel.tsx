import { formatLocal, formatUtc } from "@/lib/batches/format";
import { resultsAvailableUntil } from "@/lib/batches/status";
import type { MessageBatch } from "@/lib/schemas/batch";
import { useNow } from "@/lib/use-now";
import { Panel } from "../../ui/panel";
import { RelativeTime } from "../../ui/relative-time";

function When({ iso, empty }: { iso: string | null | undefined; empty: string }) {
  const { local } = useNow();
  if (!iso) return <span className="text-muted">{empty}</span>;
  return (
    <span className="flex flex-wrap items-baseline gap-x-2">
      <span className="tabular-nums">{local ? formatLocal(iso) : formatUtc(iso)}</span>
      <RelativeTime iso={iso} className="text-muted text-xs" />
    </span>
  );
}

export function TimestampsPanel({ batch }: { batch: MessageBatch }) {
  const rows: [string, string | null | undefined, string][] = [
    ["Created", batch.created_at, ""],
    ["Ended", batch.ended_at, "Not yet"],
    ["Cancel initiated", batch.cancel_initiated_at, "Never"],
    ["Expires", batch.expires_at, ""],
    ["Results available until", resultsAvailableUntil(batch), ""],
    ["Archived", batch.archived_at, "Not yet"],
  ];
  return (
    <Panel title="Timestamps" testId="timestamps">
      <dl className="grid gap-2.5">
        {rows.map(([label, iso, empty]) => (
          <div key={label} className="grid gap-0.5">
            <dt className="text-muted text-xs">{label}</dt>
            <dd>
              <When iso={iso} empty={empty} />
            </dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}
