import { FORMAT_CONTENT_TYPE } from "../batch-file/detect-format";
import type { BatchFileFormat } from "../batch-file/validate";
import type { MessageBatch } from "../schemas/batch";
import { ApiError, errorFromBody, goToSignIn } from "./fetch-json";

export interface UploadOptions {
  format: BatchFileFormat;
  /** The same key for every attempt at submitting one checked file: the server creates at most one batch. */
  idempotencyKey: string;
  /** Bytes sent so far, of the file's size. */
  onProgress: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

export interface UploadOutcome {
  batch: MessageBatch;
  /** An earlier attempt with the same key had already created this batch. */
  replayed: boolean;
  /** The API's answer to the create was lost and the batch was found afterwards. */
  recovered: boolean;
}

/**
 * POST /api/batches with the file as the raw body. XMLHttpRequest rather than fetch: only it reports upload
 * progress, and it streams a File from disk without reading it into memory.
 */
export function uploadBatchFile(file: File, options: UploadOptions): Promise<UploadOutcome> {
  return new Promise<UploadOutcome>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/batches");
    xhr.setRequestHeader("content-type", FORMAT_CONTENT_TYPE[options.format]);
    xhr.setRequestHeader("accept", "application/json");
    xhr.setRequestHeader("x-dashboard-upload", "1");
    xhr.setRequestHeader("idempotency-key", options.idempotencyKey);
    xhr.setRequestHeader("x-upload-bytes", String(file.size));
    xhr.upload.onprogress = (event) => options.onProgress(event.loaded, file.size);
    xhr.onload = () => {
      if (xhr.status === 401) goToSignIn();
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(errorFromBody(xhr.status, xhr.responseText, xhr.getResponseHeader("retry-after")));
        return;
      }
      resolve({
        batch: JSON.parse(xhr.responseText) as MessageBatch,
        replayed: xhr.getResponseHeader("idempotent-replayed") === "true",
        recovered: xhr.getResponseHeader("x-batch-recovered") === "true",
      });
    };
    xhr.onerror = () =>
      reject(
        new ApiError(
          0,
          "network",
          "The connection to the dashboard broke during the upload. Submitting again is safe: at most one batch is created.",
        ),
      );
    xhr.onabort = () => reject(new DOMException("The upload was stopped.", "AbortError"));
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/**
 * A fresh key for one checked file. From getRandomValues, which unlike `crypto.randomUUID` also exists
 * when the dashboard is served over plain http on a LAN address (not a secure context).
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `upload-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}
