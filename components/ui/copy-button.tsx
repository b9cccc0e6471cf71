"use client";

import { useEffect, useState } from "react";
import { CheckIcon, CopyIcon } from "./icons";

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

interface CopyButtonProps {
  value: string;
  /** What is copied, for the accessible name: "Copy batch id". */
  label: string;
  className?: string;
}

/** Copies `value`; the result is announced politely and shown for two seconds. */
export function CopyButton({ value, label, className = "" }: CopyButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <>
      <button
        type="button"
        onClick={async () => setState((await copyText(value)) ? "copied" : "failed")}
        aria-label={label}
        title={label}
        className={`inline-flex size-6 shrink-0 items-center justify-center rounded text-muted transition-colors hover:bg-canvas hover:text-fg ${className}`}
        data-testid="copy-id"
      >
        {state === "copied" ? <CheckIcon className="size-3.5 text-ok" /> : <CopyIcon className="size-3.5" />}
      </button>
      <span role="status" className="sr-only">
        {state === "copied" ? "Copied" : state === "failed" ? "Could not copy; select the text instead" : ""}
      </span>
    </>
  );
}
