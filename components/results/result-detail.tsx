"use client";

import { type ReactNode, useState } from "react";
import { formatCount } from "@/lib/batches/format";
import {
  asResultLine,
  type ContentBlock,
  type ErrorEnvelope,
  innerError,
  isRecord,
  type Message,
} from "@/lib/results/result-line";
import type { ResultRow } from "@/lib/results/result-row";
import { Button } from "../ui/button";
import { CopyStateIcon, CopyStatus, useCopy } from "../ui/copy-button";
import { RESULT_LABEL } from "./result-style";

interface ResultDetailProps {
  /** The line parsed as JSON; `undefined` when it is not JSON. Anything that is not a result is unreadable. */
  value: unknown;
  /** The line's text as it is in the file. */
  raw: string;
  /** 1-based line number, for the reader. */
  line: number;
}

type DetailType = ResultRow["type"];

const TYPE_STYLE: Record<DetailType, string> = {
  succeeded: "border-ok/30 bg-ok/10 text-ok",
  errored: "border-bad/40 bg-bad/10 text-bad",
  canceled: "border-warn/40 bg-warn/10 text-warn",
  expired: "border-expired/40 bg-expired/10 text-expired",
  invalid: "border-bad/40 bg-canvas text-bad",
};

const NOT_RUN: Record<"canceled" | "expired", string> = {
  canceled: "The batch was canceled before this request was sent to the model.",
  expired: "The batch reached its 24 h limit before this request was processed.",
};

const PRE =
  "max-h-96 overflow-auto whitespace-pre-wrap wrap-anywhere rounded border border-line bg-canvas px-2.5 py-2 font-mono text-xs";
const SECTION_HEADING = "font-semibold text-muted text-xs uppercase tracking-wide";

/**
 * Everything one results line holds, shown for what it is; a line that is not a result is shown raw. It has
 * no frame of its own: the panel or page around it gives one.
 */
export function ResultDetail({ value, raw, line }: ResultDetailProps) {
  const result = asResultLine(value);
  const type: DetailType = result?.result.type ?? "invalid";
  // A line that is JSON but not a result may still name its request; that is the best handle on it.
  const customId =
    result?.custom_id ??
    (isRecord(value) && typeof value.custom_id === "string" ? value.custom_id : undefined);

  return (
    <article className="grid min-w-0 gap-3 text-sm" data-testid="result-detail" data-type={type}>
      <header className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 border-line border-b pb-3">
        <h2 className="min-w-0 wrap-anywhere font-mono font-semibold text-sm">
          {customId === undefined ? (
            `Line ${formatCount(line)}`
          ) : (
            <span data-testid="detail-custom-id">{customId}</span>
          )}
        </h2>
        <div className="flex items-center gap-2">
          <span
            className={`inline-flex items-center whitespace-nowrap rounded-full border px-2 py-0.5 font-medium text-xs ${TYPE_STYLE[type]}`}
          >
            {RESULT_LABEL[type]}
          </span>
          <CopyJsonButton
            label={value === undefined ? "Copy line" : "Copy JSON"}
            fallback={result ? "open Raw JSON and select it" : "select the line's text"}
            text={() => (value === undefined ? raw : JSON.stringify(value, null, 2))}
          />
        </div>
      </header>
      <div className="grid gap-5">
        {!result ? (
          <Unreadable notJson={value === undefined} raw={raw} line={line} />
        ) : result.result.type === "succeeded" ? (
          <Succeeded message={result.result.message} />
        ) : result.result.type === "errored" ? (
          <Errored envelope={result.result.error} />
        ) : (
          <p>{NOT_RUN[result.result.type]} It cost nothing and can be resubmitted as is in a new batch.</p>
        )}
        {result && <RawJson value={value} />}
      </div>
    </article>
  );
}

interface CopyJsonButtonProps {
  label: string;
  text: () => string;
  /** What to do instead when the clipboard is refused (plain http, denied permission). */
  fallback: string;
}

function CopyJsonButton({ label, text, fallback }: CopyJsonButtonProps) {
  const { state, copy } = useCopy();
  return (
    <>
      <Button size="sm" onClick={() => copy(text)} data-testid="detail-copy">
        <CopyStateIcon state={state} />
        {label}
      </Button>
      <CopyStatus state={state} fallback={fallback} />
    </>
  );
}

function Section({ title, aside, children }: { title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <section className="grid min-w-0 gap-2">
      <h3 className={SECTION_HEADING}>
        {title}
        {aside && <span className="ml-2 font-normal normal-case tracking-normal">{aside}</span>}
      </h3>
      {children}
    </section>
  );
}

function Json({ value }: { value: unknown }) {
  return <pre className={PRE}>{JSON.stringify(value, null, 2) ?? "(missing)"}</pre>;
}

/** Serialized only once opened: most readers never look, and a long reply is costly to stringify. */
function RawJson({ value }: { value: unknown }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className={`cursor-pointer ${SECTION_HEADING}`}>Raw JSON</summary>
      {open && (
        <div className="mt-2">
          <Json value={value} />
        </div>
      )}
    </details>
  );
}

function Unreadable({ notJson, raw, line }: { notJson: boolean; raw: string; line: number }) {
  return (
    <div className="grid gap-2">
      <p>
        <span className="font-medium text-bad">Line {formatCount(line)} could not be read.</span>{" "}
        {notJson
          ? "It is not valid JSON."
          : "It is JSON, but not a result: a result has a string custom_id and a result.type of succeeded, errored, canceled or expired."}
      </p>
      <pre className={PRE}>{raw}</pre>
    </div>
  );
}

function asText(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function show(value: unknown): string {
  if (typeof value === "number") return formatCount(value);
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? String(value);
}

function Succeeded({ message }: { message: Message | undefined }) {
  if (!isRecord(message)) {
    return <p className="text-muted">The result has no message.</p>;
  }
  const stopSequence = asText(message.stop_sequence);
  const content: unknown = message.content;
  return (
    <>
      <Section title="Message">
        <dl className="grid gap-1">
          <Field label="Model" mono>
            {show(message.model ?? "—")}
          </Field>
          <Field label="Message id" mono>
            {show(message.id ?? "—")}
          </Field>
          <Field label="Stop reason" mono>
            {show(message.stop_reason ?? "—")}
            {stopSequence !== undefined && (
              <span className="text-muted">
                {" "}
                on <span className="text-fg">{JSON.stringify(stopSequence)}</span>
              </span>
            )}
          </Field>
        </dl>
      </Section>
      {isRecord(message.usage) && <UsageTable usage={message.usage} />}
      {Array.isArray(content) && content.length > 0 ? (
        <Section
          title="Content"
          aside={`${formatCount(content.length)} ${content.length === 1 ? "block" : "blocks"}`}
        >
          <ol className="grid gap-3">
            {content.map((block, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a message's content is fixed; position is identity
              <li key={index}>
                <Block block={block} position={index + 1} />
              </li>
            ))}
          </ol>
        </Section>
      ) : (
        <p className="text-muted">The message has no content.</p>
      )}
    </>
  );
}

function Errored({ envelope }: { envelope: ErrorEnvelope | undefined }) {
  const inner = innerError(envelope);
  const type = asText(inner?.type);
  const message = asText(inner?.message);
  const requestId = isRecord(envelope) ? asText(envelope.request_id) : undefined;
  return (
    <>
      <Section title="Error">
        <div className="grid gap-1 rounded border border-bad/40 bg-bad/10 px-3 py-2.5">
          <p className="wrap-anywhere font-mono font-semibold text-bad" data-testid="detail-error-type">
            {type ?? "Unknown error type"}
          </p>
          <p className="wrap-anywhere whitespace-pre-wrap" data-testid="detail-error-message">
            {message ?? "No message."}
          </p>
        </div>
        {requestId !== undefined && (
          <dl>
            <Field label="Request id" mono>
              {requestId}
            </Field>
          </dl>
        )}
        <p className="text-muted text-xs">Errored requests are not billed.</p>
      </Section>
      <Section title="Error envelope">
        <Json value={envelope} />
      </Section>
    </>
  );
}

function Field({ label, mono = false, children }: { label: string; mono?: boolean; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-3">
      <dt className="text-muted">{label}</dt>
      <dd className={`wrap-anywhere ${mono ? "font-mono" : ""}`}>{children}</dd>
    </div>
  );
}

/** Known usage fields, in reading order; `indent` marks a part of the row above it. */
const USAGE_FIELDS: { path: string; label: string; indent?: boolean }[] = [
  { path: "input_tokens", label: "Input tokens" },
  { path: "cache_creation_input_tokens", label: "Cache write tokens" },
  { path: "cache_creation.ephemeral_5m_input_tokens", label: "5 min TTL", indent: true },
  { path: "cache_creation.ephemeral_1h_input_tokens", label: "1 h TTL", indent: true },
  { path: "cache_read_input_tokens", label: "Cache read tokens" },
  { path: "output_tokens", label: "Output tokens" },
  { path: "output_tokens_details.thinking_tokens", label: "of which thinking", indent: true },
  { path: "server_tool_use.web_search_requests", label: "Web searches" },
  { path: "server_tool_use.web_fetch_requests", label: "Web fetches" },
  { path: "service_tier", label: "Service tier" },
  { path: "inference_geo", label: "Inference geo" },
  { path: "speed", label: "Speed" },
];

/** Every non-null leaf, as a dotted path, so fields newer than this code are shown too. */
function usageLeaves(value: Record<string, unknown>, prefix = ""): [string, unknown][] {
  return Object.entries(value).flatMap(([key, field]): [string, unknown][] => {
    if (isRecord(field)) return usageLeaves(field, `${prefix}${key}.`);
    return field === null || field === undefined ? [] : [[`${prefix}${key}`, field]];
  });
}

function UsageTable({ usage }: { usage: Record<string, unknown> }) {
  const leaves = usageLeaves(usage);
  const known = USAGE_FIELDS.flatMap((field) => {
    const leaf = leaves.find(([path]) => path === field.path);
    return leaf ? [{ ...field, value: leaf[1] }] : [];
  });
  const other = leaves
    .filter(([path]) => !USAGE_FIELDS.some((field) => field.path === path))
    .map(([path, value]) => ({ path, label: path, indent: false, value }));
  const rows = [...known, ...other];
  if (rows.length === 0) return null;
  return (
    <Section title="Usage">
      <dl className="grid max-w-sm" data-testid="detail-usage">
        {rows.map((row) => (
          <div
            key={row.path}
            className="flex items-baseline justify-between gap-4 border-line border-b py-1 last:border-b-0"
            data-field={row.path}
          >
            <dt className={row.indent ? "pl-4 text-muted" : "text-muted"} title={row.path}>
              {row.label}
            </dt>
            <dd className="wrap-anywhere text-right font-mono tabular-nums">{show(row.value)}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}

const BLOCK_TITLE: Record<string, string> = {
  text: "Text",
  thinking: "Thinking",
  redacted_thinking: "Redacted thinking",
  tool_use: "Tool call",
  server_tool_use: "Server tool call",
  web_search_tool_result: "Web search results",
};

function Block({ block, position }: { block: unknown; position: number }) {
  const type = isRecord(block) && typeof block.type === "string" ? block.type : "unknown";
  const title = BLOCK_TITLE[type];
  return (
    <section
      className="grid min-w-0 gap-2 rounded border border-line px-3 py-2.5"
      data-testid="detail-block"
      data-block-type={type}
    >
      <h4 className="flex flex-wrap items-baseline gap-x-2 text-xs">
        <span className="text-muted tabular-nums">{position}.</span>
        {title && <span className="font-medium">{title}</span>}
        <span className={`font-mono ${title ? "text-muted" : "font-medium"}`}>{type}</span>
      </h4>
      {isRecord(block) ? <BlockBody block={block as ContentBlock} /> : <Json value={block} />}
    </section>
  );
}

/**
 * Each known type is drawn for what it is when its fields have the documented types; otherwise (and for
 * every other type) the block is shown as JSON, so nothing in a line is ever hidden.
 */
function BlockBody({ block }: { block: ContentBlock }) {
  switch (block.type) {
    case "text":
      if (typeof block.text !== "string") break;
      return (
        <>
          <p className="wrap-anywhere whitespace-pre-wrap">{block.text}</p>
          {Array.isArray(block.citations) && block.citations.length > 0 && (
            <Citations citations={block.citations} />
          )}
        </>
      );
    case "thinking":
      if (typeof block.thinking !== "string") break;
      return block.thinking === "" ? (
        <p className="text-muted">Empty.</p>
      ) : (
        <details>
          <summary className="cursor-pointer text-muted text-xs">
            Show the reasoning ({formatCount(block.thinking.length)} characters)
          </summary>
          <p className="mt-2 wrap-anywhere whitespace-pre-wrap text-muted">{block.thinking}</p>
        </details>
      );
    case "redacted_thinking":
      return (
        <p className="text-muted">
          The API's safety systems encrypted this reasoning. It cannot be shown; it is passed back as is when
          a conversation continues.
        </p>
      );
    case "tool_use":
    case "server_tool_use":
      if (typeof block.name !== "string") break;
      return (
        <>
          <p className="flex flex-wrap items-baseline gap-x-3">
            <span className="font-mono font-semibold">{block.name}</span>
            {typeof block.id === "string" && (
              <span className="wrap-anywhere font-mono text-muted text-xs">{block.id}</span>
            )}
          </p>
          <Json value={block.input} />
        </>
      );
    case "web_search_tool_result":
      return <WebSearchResults content={block.content} />;
  }
  return <Json value={block} />;
}

function WebSearchResults({ content }: { content: unknown }) {
  if (isRecord(content) && typeof content.error_code === "string") {
    return (
      <p className="text-bad">
        The search failed: <span className="font-mono">{content.error_code}</span>
      </p>
    );
  }
  if (!Array.isArray(content)) return <Json value={content} />;
  if (content.length === 0) return <p className="text-muted">No results.</p>;
  return (
    <ol className="grid list-decimal gap-1.5 pl-5">
      {content.map((item, index) => {
        const url = isRecord(item) ? asText(item.url) : undefined;
        const title = isRecord(item) ? asText(item.title) : undefined;
        const age = isRecord(item) ? asText(item.page_age) : undefined;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the results are fixed; the same URL may appear twice
          <li key={index} className="min-w-0">
            {url === undefined ? (
              <Json value={item} />
            ) : (
              <>
                <Link url={url}>{title || url}</Link>
                <span className="block wrap-anywhere text-muted text-xs">
                  {url}
                  {age && ` · ${age}`}
                </span>
              </>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** Only http(s) URLs become links: a URL in a reply is untrusted and could be `javascript:` or a local file. */
function Link({ url, children }: { url: string; children: ReactNode }) {
  const protocol = URL.canParse(url) ? new URL(url).protocol : "";
  if (protocol !== "https:" && protocol !== "http:") return <span className="wrap-anywhere">{children}</span>;
  return (
    <a
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      className="wrap-anywhere text-accent underline-offset-2 hover:underline"
    >
      {children}
    </a>
  );
}

const CITATION_RANGES = [
  ["start_char_index", "end_char_index", "characters"],
  ["start_page_number", "end_page_number", "pages"],
  ["start_block_index", "end_block_index", "blocks"],
] as const;

function Citations({ citations }: { citations: unknown[] }) {
  return (
    <div className="grid gap-1 border-line border-t pt-2">
      <p className="font-medium text-muted text-xs">Citations</p>
      <ol className="grid list-decimal gap-1.5 pl-5 text-xs">
        {citations.map((citation, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a block's citations are fixed; position is identity
          <li key={index} className="min-w-0">
            {isRecord(citation) ? <CitationItem citation={citation} /> : <Json value={citation} />}
          </li>
        ))}
      </ol>
    </div>
  );
}

function CitationItem({ citation }: { citation: Record<string, unknown> }) {
  const quote = asText(citation.cited_text);
  const url = asText(citation.url);
  const title = asText(citation.title) ?? asText(citation.document_title);
  const documentIndex = typeof citation.document_index === "number" ? citation.document_index : undefined;
  const range = CITATION_RANGES.flatMap(([start, end, unit]) => {
    const from = citation[start];
    const to = citation[end];
    return typeof from === "number" && typeof to === "number" ? [`${unit} ${from}–${to}`] : [];
  })[0];
  return (
    <>
      {quote !== undefined && <q className="wrap-anywhere whitespace-pre-wrap">{quote}</q>}{" "}
      <span className="text-muted">
        —{" "}
        {url !== undefined ? (
          <Link url={url}>{title || url}</Link>
        ) : (
          (title ??
          asText(citation.source) ??
          (documentIndex !== undefined ? `document ${documentIndex}` : ""))
        )}
        {range && `, ${range}`}
      </span>
    </>
  );
}
