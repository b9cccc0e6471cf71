/** Everything the emulator can be told, from the environment, the command line or a test. */
export interface EmulatorOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  host: string;
  /** Port to listen on; 0 picks a free one. Default 4010. */
  port: number;
  /** Where batches, requests and results live. Default `.data/emulator`. */
  dataDir: string;
  /** When set, only this key is accepted (as `x-api-key` or `Authorization: Bearer`). */
  apiKey: string | undefined;
  /** Requests started per second across all batches; `Infinity` means as fast as the machine goes. */
  rate: number;
  /** Most requests in flight at once. */
  concurrency: number;
  /** Mean simulated model latency of one request, in ms. */
  latencyMs: number;
  /** Processing window: a batch expires this long after creation (real API: 24 h). */
  windowMs: number;
  /** Results retention: `archived_at` is set this long after creation (real API: 29 days). */
  retentionMs: number;
  /** `incremental`: counts move as requests finish (as seen live); `final`: all in `processing` until the end (as documented). */
  counts: "incremental" | "final";
  /** Share of API calls that get a random fault from `faults`, 0..1. */
  faultRate: number;
  /** Faults drawn when `faultRate` fires. */
  faults: FaultSpec[];
  /** Origin that `results_url` is built on; by default the request's own Host. */
  publicUrl: string | undefined;
}

export type FaultKind = "429" | "529" | "500" | "slow" | "hang" | "reset" | "cut";

/** One injected fault. `arg` is retry-after seconds (429), delay ms (slow) or lines before the cut (cut). */
export interface FaultSpec {
  kind: FaultKind;
  arg?: number;
}

export interface RunningEmulator {
  /** Base URL to give the SDK as `baseURL`, e.g. `http://127.0.0.1:4010`. */
  url: string;
  options: EmulatorOptions;
  /** Stops accepting connections, finishes pending writes, and resolves when everything is flushed. */
  close(): Promise<void>;
}
