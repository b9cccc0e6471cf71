import type { ReactNode } from "react";
import { formatDuration } from "@/lib/batches/format";
import { ApiError } from "@/lib/queries/fetch-json";
import { Button } from "../ui/button";
import { AlertIcon, Spinner } from "../ui/icons";

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/** A wait of a minute or more also says when to come back: nobody keeps a tab in view for an hour. */
function waitAdvice(seconds: number, receivedAt: number): string {
  const wait = `The API asked to wait ${formatDuration(seconds * 1000)}`;
  return seconds < 60 ? `${wait}.` : `${wait}: try again after ${clock.format(receivedAt + seconds * 1000)}.`;
}

/** The message as the API gave it, with the request id support will ask for. */
export function ErrorDetails({ error }: { error: unknown }) {
  const apiError = error instanceof ApiError ? error : undefined;
  const message = error instanceof Error ? error.message : "Something went wrong.";
  return (
    <div className="grid gap-1 text-sm">
      <p data-testid="error-message">{message}</p>
      {apiError && (
        <p className="flex flex-wrap gap-x-3 gap-y-0.5 text-muted text-xs">
          {apiError.status > 0 && (
            <span>
              HTTP {apiError.status} · <span className="font-mono">{apiError.code}</span>
            </span>
          )}
          {apiError.requestId && (
            <span>
              Request id <span className="select-all font-mono text-fg">{apiError.requestId}</span>
            </span>
          )}
          {apiError.retryAfter !== undefined && (
            <span data-testid="error-wait">{waitAdvice(apiError.retryAfter, apiError.receivedAt)}</span>
          )}
        </p>
      )}
    </div>
  );
}

interface QueryErrorStateProps {
  title: string;
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
  /** Another way out, e.g. back to the newest page. */
  children?: ReactNode;
}

/** Nothing could be loaded: what went wrong, and a retry. */
export function QueryErrorState({ title, error, onRetry, retrying, children }: QueryErrorStateProps) {
  return (
    <section
      role="alert"
      className="grid gap-3 rounded-md border border-bad/40 bg-surface px-4 py-4"
      data-testid="error-state"
    >
      <h2 className="flex items-center gap-2 font-semibold text-bad text-sm">
        <AlertIcon />
        {title}
      </h2>
      <ErrorDetails error={error} />
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="primary"
          onClick={() => retrying || onRetry()}
          aria-disabled={retrying || undefined}
          data-testid="retry"
        >
          {retrying && <Spinner />}
          {retrying ? "Retrying…" : "Retry"}
        </Button>
        {children}
      </div>
    </section>
  );
}

interface RefreshWarningProps {
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
}

/** The last refresh failed but there is data on screen: keep it, say it may be stale, offer a retry. */
export function RefreshWarning({ error, onRetry, retrying }: RefreshWarningProps) {
  return (
    <div
      role="status"
      className="flex flex-wrap items-start gap-x-3 gap-y-2 rounded-md border border-warn/40 bg-warn/10 px-3 py-2"
      data-testid="refresh-warning"
    >
      <AlertIcon className="mt-0.5 size-4 shrink-0 text-warn" />
      <div className="min-w-0 flex-1">
        <p className="font-medium text-sm">
          Could not refresh; showing what was loaded last. Retrying on its own.
        </p>
        <ErrorDetails error={error} />
      </div>
      <Button size="sm" onClick={() => retrying || onRetry()} aria-disabled={retrying || undefined}>
        {retrying ? "Retrying…" : "Retry now"}
      </Button>
    </div>
  );
}
