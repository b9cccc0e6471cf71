"use client";

import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/icons";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatBytes, formatCount, formatPercent } from "@/lib/batches/format";
import { ApiError } from "@/lib/queries/fetch-json";
import { ErrorDetails } from "../query-error";
import { ProblemList } from "./problem-list";

export type SubmitState =
  | { kind: "ready" }
  | { kind: "sending"; sent: number; total: number }
  /** Every byte is out: the server checks the file again, then creates the batch. */
  | { kind: "creating" }
  | { kind: "failed"; error: unknown }
  | { kind: "created"; batchId: string };

interface SubmitPanelProps {
  state: SubmitState;
  requests: number;
  onSubmit: () => void;
}

const busy = (state: SubmitState) =>
  state.kind === "sending" || state.kind === "creating" || state.kind === "created";

/** What to do about a failed submit, in a sentence, from the error's status and code. */
function advice(error: unknown): string {
  if (!(error instanceof ApiError)) return "Try again.";
  if (error.code === "invalid_upload") return "Fix the lines below and choose the file again.";
  if ([0, 409, 429, 503].includes(error.status)) {
    return "Submitting again is safe: this file's submits share one idempotency key, so at most one batch is created.";
  }
  if (error.status >= 500) return "Check the batch list before submitting again.";
  return "";
}

/** The one button that spends money, and what happens after it is pressed. */
export function SubmitPanel({ state, requests, onSubmit }: SubmitPanelProps) {
  const label = `Create batch of ${formatCount(requests)} ${requests === 1 ? "request" : "requests"}`;
  return (
    <section
      className="grid gap-3 rounded-md border border-line bg-surface px-4 py-3"
      data-testid="submit-panel"
    >
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="primary"
          onClick={() => busy(state) || onSubmit()}
          aria-disabled={busy(state) || undefined}
          data-testid="submit-batch"
        >
          {busy(state) && <Spinner />}
          {state.kind === "failed" ? `Try again: ${label.toLowerCase()}` : label}
        </Button>
        <p className="text-muted text-xs">
          The file is sent as it is and checked again on the server; the batch is created only if every line
          passes.
        </p>
      </div>
      {state.kind === "sending" && (
        <div className="grid gap-1" data-testid="upload-progress">
          <ProgressBar
            fraction={state.total ? state.sent / state.total : 0}
            label="Upload"
            valueText={`${formatBytes(state.sent)} of ${formatBytes(state.total)} sent`}
            testId="upload-bar"
          />
          <p className="text-muted text-xs tabular-nums">
            Sending: {formatBytes(state.sent)} of {formatBytes(state.total)} (
            {formatPercent(state.sent, state.total)})
          </p>
        </div>
      )}
      {state.kind === "creating" && (
        <p className="flex items-center gap-2 text-sm" role="status" data-testid="upload-creating">
          <Spinner /> Sent. The server is checking the file and creating the batch…
        </p>
      )}
      {state.kind === "created" && (
        <p className="flex items-center gap-2 text-sm" role="status" data-testid="upload-created">
          <Spinner /> Created <span className="font-mono">{state.batchId}</span>; opening it…
        </p>
      )}
      {state.kind === "failed" && (
        <div role="alert" className="grid gap-2" data-testid="submit-error">
          <p className="font-medium text-bad text-sm">The submit failed. {advice(state.error)}</p>
          <ErrorDetails error={state.error} />
          {state.error instanceof ApiError && state.error.upload && (
            <ProblemList
              problems={state.error.upload.problems}
              total={state.error.upload.problemCount}
              source="server"
            />
          )}
        </div>
      )}
    </section>
  );
}
