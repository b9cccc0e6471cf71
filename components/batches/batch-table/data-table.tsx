import type { MessageBatch } from "@/lib/schemas/batch";
import { BATCH_COLUMNS } from "./columns";

interface DataTableProps {
  rows: MessageBatch[];
  /** The next page is loading; these rows are the previous page's. */
  busy: boolean;
}

/**
 * A table from md up; below that each row is a stacked card (areas: id/status, progress, created/ends) so
 * nothing scrolls sideways at 390 px.
 */
export function DataTable({ rows, busy }: DataTableProps) {
  return (
    <div className="overflow-hidden rounded-md border border-line bg-surface">
      <table
        className={`block w-full text-sm transition-opacity md:table ${busy ? "opacity-60" : ""}`}
        aria-busy={busy}
        data-testid="batch-table"
      >
        <caption className="sr-only">Batches, newest first</caption>
        <thead className="hidden border-line border-b bg-canvas/60 text-left text-muted text-xs md:table-header-group">
          <tr>
            {BATCH_COLUMNS.map((column) => (
              <th
                key={column.id}
                scope="col"
                className={`px-3 py-2 font-medium ${column.headerClassName ?? ""}`}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="block md:table-row-group">
          {rows.map((batch) => (
            <tr
              key={batch.id}
              className="grid grid-cols-[minmax(0,1fr)_auto] items-start gap-x-3 gap-y-2 border-line px-3 py-3 transition-colors [grid-template-areas:'id_status'_'progress_progress'_'created_ends'] not-first:border-t hover:bg-canvas/60 md:table-row md:p-0"
              data-testid="batch-row"
              data-batch-id={batch.id}
              data-status={batch.processing_status}
            >
              {BATCH_COLUMNS.map((column) => (
                <td
                  key={column.id}
                  className={`align-middle md:table-cell md:px-3 md:py-2.5 ${column.stacked === false ? "hidden" : "block"} ${column.cellClassName}`}
                >
                  {column.cell(batch)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
