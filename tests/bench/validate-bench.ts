/**
 * `npx tsx tests/bench/validate-bench.ts`: times `BatchFileValidator` on a realistic 100k-request JSONL
 * file (~245 MB, generated in memory by request-batch.ts) fed in 64 KiB chunks, beside baselines measured
 * in the same run on the same bytes:
 *
 *   - split + decode + `JSON.parse` per line (the floor any validator pays);
 *   - the same plus zod `safeParse` of `BatchRequestSchema` (the "parse+zod" figure docs/performance.md
 *     gives the browser goal against).
 *
 * Goal: ≥ 150 MB/s for the validator on the server. Figures are printed, never asserted: the machine is
 * shared and noisy. `--json` also times the same requests as one `{"requests":[…]}` document; run with
 * `node --expose-gc --import tsx tests/bench/validate-bench.ts` for heap figures as well.
 */
import { BatchRequestSchema } from "../../lib/batch-file/request-schema";
import {
  type BatchFileFormat,
  BatchFileValidator,
  type ValidationSummary,
} from "../../lib/batch-file/validate";
import { generateBatch } from "./request-batch";

const REQUESTS = 100_000;
const SEED = 2026;
const CHUNK = 64 * 1024;
const RUNS = 3;
const GOAL_MBPS = 150;
const MB = 1e6;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const mbps = (bytes: number, ms: number) => bytes / MB / (ms / 1000);
const heapMB = () => process.memoryUsage().heapUsed / MB;
const gc = (globalThis as { gc?: () => void }).gc;

function build(format: BatchFileFormat): Uint8Array {
  const { requests } = generateBatch(REQUESTS, SEED);
  const lines = requests.map((request) => JSON.stringify(request));
  const text = format === "jsonl" ? `${lines.join("\n")}\n` : `{"requests":[\n${lines.join(",\n")}\n]}\n`;
  return new TextEncoder().encode(text);
}

function validate(
  file: Uint8Array,
  format: BatchFileFormat,
): { ms: number; summary: ValidationSummary; canonicalBytes: number } {
  let canonicalBytes = 0;
  const start = performance.now();
  const validator = new BatchFileValidator({
    format,
    onRequest: (canonical) => {
      canonicalBytes += canonical.length;
    },
  });
  for (let at = 0; at < file.length; at += CHUNK) validator.push(file.subarray(at, at + CHUNK));
  const summary = validator.end();
  return { ms: performance.now() - start, summary, canonicalBytes };
}

/** Split on "\n", decode and parse each line: no checks at all. */
function parseOnly(file: Uint8Array, withZod: boolean): { ms: number; count: number } {
  const decoder = new TextDecoder();
  const start = performance.now();
  let count = 0;
  let from = 0;
  while (from < file.length) {
    let end = file.indexOf(0x0a, from);
    if (end === -1) end = file.length;
    const value: unknown = JSON.parse(decoder.decode(file.subarray(from, end)));
    if (withZod && !BatchRequestSchema.safeParse(value).success) throw new Error("generated request refused");
    count += 1;
    from = end + 1;
  }
  return { ms: performance.now() - start, count };
}

/**
 * One more, untimed run for the heap: its growth while validating (sampled every 5,000 requests) and what
 * the validator still holds after `end()`. Needs `node --expose-gc`.
 */
function memoryReport(file: Uint8Array, format: BatchFileFormat): string {
  if (!gc)
    return "heap: run with `node --expose-gc --import tsx tests/bench/validate-bench.ts` for heap figures";
  gc();
  const before = heapMB();
  let peak = 0;
  let count = 0;
  const validator = new BatchFileValidator({
    format,
    onRequest: () => {
      count += 1;
      if (count % 5000 === 0) peak = Math.max(peak, heapMB() - before);
    },
  });
  for (let at = 0; at < file.length; at += CHUNK) validator.push(file.subarray(at, at + CHUNK));
  validator.end();
  gc();
  const held = heapMB() - before;
  return `heap: growth up to ${peak.toFixed(0)} MB while validating (garbage included), ${held.toFixed(1)} MB held after end(); the file itself is outside the heap`;
}

const requestsPerModel = (summary: ValidationSummary): Record<string, number> =>
  Object.fromEntries(Object.entries(summary.models).map(([model, tally]) => [model, tally.requests]));

function report(label: string, bytes: number, times: number[], baseline?: number): void {
  const ms = median(times);
  const vs = baseline ? `  (${(ms / baseline).toFixed(2)}× the parse-only time)` : "";
  console.log(
    `${label.padEnd(38)} ${ms.toFixed(0).padStart(6)} ms  ${mbps(bytes, ms).toFixed(0).padStart(5)} MB/s${vs}   runs: ${times.map((t) => t.toFixed(0)).join(", ")}`,
  );
}

function main(): void {
  const formats: BatchFileFormat[] = process.argv.includes("--json") ? ["jsonl", "json"] : ["jsonl"];
  for (const format of formats) {
    console.log(`… generating ${REQUESTS.toLocaleString("en-US")} requests as ${format}`);
    const file = build(format);
    console.log(
      `… ${format} file: ${(file.length / MB).toFixed(1)} MB, pushed in ${CHUNK / 1024} KiB chunks`,
    );

    const parseTimes: number[] = [];
    const zodTimes: number[] = [];
    const validateTimes: number[] = [];
    let last: ReturnType<typeof validate> | undefined;
    for (let run = 0; run < RUNS; run++) {
      if (format === "jsonl") {
        parseTimes.push(parseOnly(file, false).ms);
        zodTimes.push(parseOnly(file, true).ms);
      }
      last = validate(file, format);
      validateTimes.push(last.ms);
    }
    if (!last) return;
    const { summary } = last;
    if (!summary.ok || summary.requests !== REQUESTS) {
      console.error("validation failed:", summary.problemCount, summary.problems.slice(0, 5));
      process.exitCode = 1;
    }
    console.log(
      `… ${summary.requests} requests, ${summary.lines} lines, body ${summary.bodyBytes.toLocaleString("en-US")} bytes, ` +
        `requests per model ${JSON.stringify(requestsPerModel(summary))}, input ${summary.inputChars.toLocaleString("en-US")} chars`,
    );
    const baseline = format === "jsonl" ? median(parseTimes) : undefined;
    if (format === "jsonl") {
      report("split + decode + JSON.parse per line", file.length, parseTimes);
      report("… + zod safeParse (BatchRequestSchema)", file.length, zodTimes, baseline);
    }
    report(`BatchFileValidator (${format})`, file.length, validateTimes, baseline);
    const rate = mbps(file.length, median(validateTimes));
    console.log(
      `goal ≥ ${GOAL_MBPS} MB/s: ${rate >= GOAL_MBPS ? "met" : "NOT met"} (${rate.toFixed(0)} MB/s)`,
    );
    console.log(memoryReport(file, format));
  }
}

main();
