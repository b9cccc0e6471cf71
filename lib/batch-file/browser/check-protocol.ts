import type { RequestPreview } from "../request-preview";
import type { BatchFileFormat, ValidationSummary } from "../validate";
import type { UploadWarning } from "../warnings";

/** Page → worker: check this file. A `File` is passed by reference; its bytes are read in the worker. */
export interface CheckRequest {
  type: "check";
  file: File;
}

/** What the check of one file found; everything the preview and the submit need. */
export interface FileCheck {
  format: BatchFileFormat;
  summary: ValidationSummary;
  /** The first requests, for the preview. */
  samples: RequestPreview[];
  warnings: UploadWarning[];
  elapsedMs: number;
}

/** Worker → page. */
export type CheckMessage =
  | { type: "progress"; bytes: number }
  | { type: "done"; check: FileCheck }
  | { type: "failed"; message: string };
