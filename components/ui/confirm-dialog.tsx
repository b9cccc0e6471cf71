"use client";

import { type ReactNode, useEffect, useId, useRef } from "react";
import { Button } from "./button";
import { Spinner } from "./icons";

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What the action does, in full: the user decides from this text alone. */
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  cancelLabel: string;
  pending: boolean;
  /** Shown inside the dialog when the action failed; the dialog stays open. */
  error?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
  testId?: string;
}

/**
 * A native modal <dialog>: the browser traps focus, makes the page behind it inert and closes it on Escape.
 * Focus starts on the safe choice and goes back to the control that opened it.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pendingLabel,
  cancelLabel,
  pending,
  error,
  onConfirm,
  onClose,
  testId,
}: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const safeChoice = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement;
      element.showModal();
      safeChoice.current?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);

  function restoreFocus() {
    const target = opener.current;
    opener.current = null;
    if (target instanceof HTMLElement && target.isConnected) target.focus();
    onClose();
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onClose={restoreFocus}
      // Escape while the request is in flight would hide an action that is still happening.
      onCancel={(event) => pending && event.preventDefault()}
      className="m-auto w-[min(30rem,calc(100vw-2rem))] rounded-md border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-black/50"
      data-testid={testId}
    >
      <div className="grid gap-3 px-5 py-4">
        <h2 id={titleId} className="font-semibold text-base">
          {title}
        </h2>
        <div id={descriptionId} className="grid gap-2 text-sm">
          {children}
        </div>
        {error && (
          <div role="alert" className="rounded border border-bad/40 bg-bad/10 px-3 py-2 text-sm">
            {error}
          </div>
        )}
      </div>
      <div className="flex flex-wrap justify-end gap-2 border-line border-t px-5 py-3">
        <Button ref={safeChoice} onClick={() => dialog.current?.close()} disabled={pending}>
          {cancelLabel}
        </Button>
        <Button
          variant="danger"
          onClick={() => pending || onConfirm()}
          aria-disabled={pending || undefined}
          data-testid="confirm"
        >
          {pending && <Spinner />}
          {pending ? pendingLabel : confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
