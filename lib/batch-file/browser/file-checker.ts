import type { CheckMessage, CheckRequest, FileCheck } from "./check-protocol";

/** A check stopped because another file was chosen or the user canceled it. */
export class CheckCanceled extends Error {
  constructor() {
    super("The check was canceled.");
    this.name = "CheckCanceled";
  }
}

const startWorker = () =>
  new Worker(new URL("./check-file.worker.ts", import.meta.url), { name: "check-batch-file" });

/**
 * Checks files in a Web Worker, one at a time, so the page stays responsive however large the file. Each
 * check gets a fresh worker, terminated when it ends (its heap goes with it); the next one is started
 * ahead of time (`warm`), as a cold worker takes 100–150 ms to start.
 */
export class FileChecker {
  private spare: Worker | undefined;
  private running: { worker: Worker; reject: (error: Error) => void } | undefined;

  warm(): void {
    this.spare ??= startWorker();
  }

  check(file: File, onProgress: (bytes: number) => void): Promise<FileCheck> {
    this.cancel();
    const worker = this.spare ?? startWorker();
    this.spare = undefined;
    return new Promise<FileCheck>((resolve, reject) => {
      this.running = { worker, reject };
      const settle = () => {
        worker.terminate();
        if (this.running?.worker === worker) this.running = undefined;
        this.warm();
      };
      worker.onmessage = ({ data }: MessageEvent<CheckMessage>) => {
        if (data.type === "progress") return onProgress(data.bytes);
        settle();
        if (data.type === "done") resolve(data.check);
        else reject(new Error(data.message));
      };
      worker.onerror = (event) => {
        settle();
        reject(
          new Error(`The file checker stopped: ${event.message || "unknown error"}. Choose the file again.`),
        );
      };
      worker.postMessage({ type: "check", file } satisfies CheckRequest);
    });
  }

  /** Stops the check under way, if any; its promise rejects with `CheckCanceled`. */
  cancel(): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    running.worker.terminate();
    running.reject(new CheckCanceled());
  }

  dispose(): void {
    this.cancel();
    this.spare?.terminate();
    this.spare = undefined;
  }
}
