"use client";

import { Panel } from "@/components/ui/panel";

interface ErrorPageProps {
  error: unknown;
  retry: () => void;
}

export default function ErrorPage({ error, retry }: ErrorPageProps) {
  // Server errors reach the browser as a generic message plus a digest that matches the server log.
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : undefined;
  return (
    <div className="grid gap-4" role="alert">
      <h1 className="font-semibold text-lg">Something went wrong</h1>
      <Panel title="Error">
        <p>This page failed to load. The details are in the server log.</p>
        {digest && <p className="mt-1 font-mono text-muted text-xs">Reference: {digest}</p>}
        <button
          type="button"
          onClick={retry}
          className="mt-3 rounded bg-accent px-3 py-1.5 font-medium text-accent-fg text-sm hover:opacity-90"
        >
          Try again
        </button>
      </Panel>
    </div>
  );
}
