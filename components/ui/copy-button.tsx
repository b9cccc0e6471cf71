"use client";

import { useEffect, useState } from "react";
import { CheckIcon, CopyIcon } from "./icons";

type CopyState = "idle" | "copied" | "failed";

/**
 * Copies text to the clipboard and remembers the outcome for two seconds. The text is asked for only on
 * click: a long value is not serialized on every render.
 */
export function useCopy(): { state: CopyState; copy: (text: () => string) => Promise<void> } {
  const [state, setState] = useState<CopyState>("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async (text: () => string) => {
    try {
      await navigator.clipboard.writeText(text());
      setState("copied");
    } catch {
      setState("failed");
    }
  };
  return { state, copy };
}

/** Says politely what became of a copy; `fallback` is what to do when the clipboard is refused. */
export function CopyStatus({ state, fallback = "select the text" }: { state: CopyState; fallback?: string }) {
  return (
    <span role="status" className="sr-only">
      {state === "copied" ? "Copied" : state === "failed" ? `Could not copy; ${fallback} instead` : ""}
    </span>
  );
}

export const CopyStateIcon = ({ state }: { state: CopyState }) =>
  state === "copied" ? <CheckIcon className="size-3.5 text-ok" /> : <CopyIcon className="size-3.5" />;

interface CopyButtonProps {
  value: string;
  /** What is copied, for the accessible name: "Copy batch id". */
  label: string;
  className?: string;
}

/** Copies `value`; the result is announced politely and shown for two seconds. */
export function CopyButton({ value, label, className = "" }: CopyButtonProps) {
  const { state, copy } = useCopy();
  return (
    <>
      <button
        type="button"
        onClick={() => copy(() => value)}
        aria-label={label}
        title={label}
        className={`inline-flex size-6 shrink-0 items-center justify-center rounded text-muted transition-colors hover:bg-canvas hover:text-fg ${className}`}
        data-testid="copy-id"
      >
        <CopyStateIcon state={state} />
      </button>
      <CopyStatus state={state} />
    </>
  );
}
