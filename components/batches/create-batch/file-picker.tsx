"use client";

import { type DragEvent, useId, useState } from "react";
import { buttonStyles } from "@/components/ui/button";
import { TrayIcon } from "@/components/ui/icons";

interface FilePickerProps {
  onFile: (file: File) => void;
  /** Smaller, once a file has been chosen: it then offers to choose another. */
  compact?: boolean;
  disabled?: boolean;
}

/**
 * A drop area around a real file input, so the keyboard and screen readers get the browser's own control:
 * Tab reaches the (visually hidden) input, whose focus shows on its label; Enter or Space opens the picker.
 */
export function FilePicker({ onFile, compact = false, disabled = false }: FilePickerProps) {
  const inputId = useId();
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the pointer; the keyboard uses the input inside
    <div
      onDragOver={(event) => {
        event.preventDefault();
        if (!disabled) setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      className={`flex flex-wrap items-center gap-3 rounded-md border-2 border-dashed ${
        dragging ? "border-info bg-info/10" : "border-line bg-surface"
      } ${compact ? "px-4 py-3" : "flex-col justify-center px-4 py-10 text-center"}`}
      data-testid="file-drop-zone"
      data-dragging={dragging || undefined}
    >
      {!compact && <TrayIcon className="size-8 text-muted" />}
      <div className={compact ? "min-w-0 flex-1 text-sm" : "grid gap-1"}>
        <p className={compact ? "text-muted" : "font-medium"}>
          {compact ? "Drop another file here, or" : "Drop a request file here"}
        </p>
        {!compact && (
          <p className="text-muted text-sm">
            JSONL (one request a line) or a JSON array, up to 100,000 requests and 256 MB.
          </p>
        )}
      </div>
      <input
        id={inputId}
        type="file"
        accept=".jsonl,.ndjson,.json,.txt,application/json,application/x-ndjson"
        className="peer sr-only"
        disabled={disabled}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so that choosing the same file again, after editing it, is seen as a new choice.
          event.target.value = "";
          if (file) onFile(file);
        }}
        data-testid="file-input"
      />
      <label
        htmlFor={inputId}
        className={`${buttonStyles(compact ? "secondary" : "primary")} cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-info peer-focus-visible:outline-offset-2 peer-disabled:pointer-events-none peer-disabled:opacity-50`}
        data-testid="choose-file"
      >
        {compact ? "Choose another file" : "Choose a file"}
      </label>
    </div>
  );
}
