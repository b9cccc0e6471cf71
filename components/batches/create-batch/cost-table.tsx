import { CHARS_PER_TOKEN, type CostEstimate } from "@/lib/batch-file/estimate";
import { formatCompact, formatCount, formatUsd } from "@/lib/batches/format";
import { PRICES_AS_OF } from "@/lib/pricing/prices";

interface CostTableProps {
  estimate: CostEstimate;
  inputChars: number;
}

const cost = (amount: number | undefined) => (amount === undefined ? "no price" : formatUsd(amount));

/**
 * The most the batch can cost: every request's text as input and every request using all of its
 * `max_tokens`. The real bill is usually far lower, which the note says.
 */
export function CostTable({ estimate, inputChars }: CostTableProps) {
  return (
    <div className="grid gap-2" data-testid="cost-estimate">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[36rem] border-collapse text-left text-sm">
          <thead className="text-muted text-xs">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Model
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Requests
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Input tokens ≈
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Max output tokens
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Largest cost, batch
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Without batching
              </th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {estimate.perModel.map((row) => (
              <tr
                key={row.model}
                className="border-line border-t"
                data-testid="model-row"
                data-model={row.model}
              >
                <td className="break-all py-1.5 pr-3 font-mono text-xs">
                  {row.model}
                  {row.batchCost !== undefined && !row.confirmed && (
                    <span
                      className="ml-1.5 font-sans text-warn"
                      title="This price was seen only in undated copies of the pricing page"
                    >
                      price unconfirmed
                    </span>
                  )}
                </td>
                <td className="py-1.5 pr-3 text-right" data-testid="model-requests">
                  {formatCount(row.requests)}
                </td>
                <td className="py-1.5 pr-3 text-right" title={formatCount(row.inputTokens)}>
                  {formatCompact(row.inputTokens)}
                </td>
                <td className="py-1.5 pr-3 text-right" title={formatCount(row.maxOutputTokens)}>
                  {formatCompact(row.maxOutputTokens)}
                </td>
                <td className="py-1.5 pr-3 text-right font-medium">{cost(row.batchCost)}</td>
                <td className="py-1.5 text-right text-muted">{cost(row.standardCost)}</td>
              </tr>
            ))}
          </tbody>
          {estimate.perModel.length > 1 && (
            <tfoot className="tabular-nums">
              <tr className="border-line border-t-2 font-medium">
                <td className="py-1.5 pr-3">All models</td>
                <td className="py-1.5 pr-3 text-right">
                  {formatCount(estimate.perModel.reduce((sum, row) => sum + row.requests, 0))}
                </td>
                <td className="py-1.5 pr-3 text-right">{formatCompact(estimate.inputTokens)}</td>
                <td className="py-1.5 pr-3 text-right">{formatCompact(estimate.maxOutputTokens)}</td>
                <td className="py-1.5 pr-3 text-right" data-testid="total-batch-cost">
                  {formatUsd(estimate.batchCost)}
                </td>
                <td className="py-1.5 text-right text-muted">{formatUsd(estimate.standardCost)}</td>
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      <p className="text-muted text-xs">
        An upper bound at batch prices (50% of standard), with prices as of {PRICES_AS_OF}: every request
        using all of its <code>max_tokens</code>, and input estimated from {formatCount(inputChars)}{" "}
        characters of text at about {CHARS_PER_TOKEN} characters a token (images, documents and tool
        definitions not counted). Replies usually stop well short of <code>max_tokens</code>, so the bill is
        usually far lower.
        {estimate.unpriced.length > 0 &&
          ` No price is known for ${estimate.unpriced.join(", ")}: ${
            estimate.unpriced.length === 1 ? "it is" : "they are"
          } left out of the totals.`}
      </p>
    </div>
  );
}
