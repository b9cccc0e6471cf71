import type { RequestPreview } from "@/lib/batch-file/request-preview";
import { formatCount } from "@/lib/batches/format";

/** The first requests as the model will read them: who says what, and with which settings. */
export function RequestSamples({ samples, total }: { samples: RequestPreview[]; total: number }) {
  return (
    <div className="grid gap-2">
      <h3 className="font-medium text-sm">
        First {samples.length === 1 ? "request" : `${samples.length} requests`}
        {total > samples.length ? ` of ${formatCount(total)}` : ""}
      </h3>
      <ol className="grid gap-2">
        {samples.map((sample) => (
          <li
            key={sample.customId}
            className="grid gap-1.5 rounded border border-line px-3 py-2"
            data-testid="request-sample"
          >
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 text-xs">
              <span className="break-all font-mono font-medium text-sm" data-testid="sample-custom-id">
                {sample.customId}
              </span>
              <span className="text-muted">line {sample.line}</span>
              <span className="font-mono">{sample.model}</span>
              <span className="text-muted">max_tokens {formatCount(sample.maxTokens)}</span>
              {sample.options.map((option) => (
                <span key={option} className="rounded bg-canvas px-1.5 py-0.5 font-mono text-muted">
                  {option}
                </span>
              ))}
            </div>
            {sample.system && <Turn speaker="system" text={sample.system} />}
            {sample.messages.map((message, index) => (
              <Turn
                // biome-ignore lint/suspicious/noArrayIndexKey: a request's messages are fixed; position is identity
                key={index}
                speaker={message.role}
                text={message.text}
                otherBlocks={message.otherBlocks}
              />
            ))}
            {sample.moreMessages > 0 && (
              <p className="text-muted text-xs">…and {formatCount(sample.moreMessages)} more messages</p>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

function Turn({
  speaker,
  text,
  otherBlocks = [],
}: {
  speaker: string;
  text: string;
  otherBlocks?: string[];
}) {
  return (
    <p className="grid grid-cols-[5.5rem_1fr] gap-2 text-sm">
      <span className="text-muted text-xs leading-5">{speaker}</span>
      <span className="whitespace-pre-wrap break-words">
        {text || <span className="text-muted italic">no text</span>}
        {otherBlocks.length > 0 && (
          <span className="ml-1 text-muted text-xs">[+ {otherBlocks.join(", ")}]</span>
        )}
      </span>
    </p>
  );
}
