/// <reference lib="webworker" />
import { detectFormat } from "../detect-format";
import { previewRequest, type RequestPreview } from "../request-preview";
import { type BatchFileFormat, BatchFileValidator } from "../validate";
import { RequestWarnings } from "../warnings";
import type { CheckMessage, CheckRequest } from "./check-protocol";

/** Requests shown in the preview. */
const SAMPLES = 5;
/** Progress is posted at most this often: often enough for a smooth bar, rarely enough to cost nothing. */
const PROGRESS_INTERVAL_MS = 50;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: CheckMessage) => scope.postMessage(message);

/**
 * Reads the file as a stream, so a 256 MB file is never held whole, and validates it with the same
 * validator the upload route runs. The page terminates this worker to cancel a check.
 */
async function check(file: File): Promise<void> {
  const started = performance.now();
  const reader = file.stream().getReader();
  const samples: RequestPreview[] = [];
  const warnings = new RequestWarnings();
  let validator: BatchFileValidator | undefined;
  let format: BatchFileFormat = "jsonl";
  let bytes = 0;
  let posted = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!validator) {
      format = detectFormat(value);
      validator = new BatchFileValidator({
        format,
        onRequest: (_canonical, line, request) => {
          if (samples.length < SAMPLES) samples.push(previewRequest(request, line));
          warnings.add(request, line);
        },
      });
    }
    validator.push(value);
    bytes += value.byteLength;
    const now = performance.now();
    if (now - posted >= PROGRESS_INTERVAL_MS) {
      posted = now;
      post({ type: "progress", bytes });
    }
  }
  // An empty file: the validator reports that there are no requests.
  const summary = (validator ?? new BatchFileValidator({ format })).end();
  post({
    type: "done",
    check: {
      format,
      summary,
      samples,
      warnings: warnings.list(),
      elapsedMs: performance.now() - started,
    },
  });
}

scope.onmessage = (event: MessageEvent<CheckRequest>) => {
  check(event.data.file).catch((error: unknown) => {
    post({
      type: "failed",
      message:
        error instanceof DOMException && error.name === "NotReadableError"
          ? "The file could not be read: it may have been changed or moved since it was chosen. Choose it again."
          : `The file could not be checked: ${error instanceof Error ? error.message : String(error)}`,
    });
  });
};
