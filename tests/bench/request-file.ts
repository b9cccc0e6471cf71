/**
 * The seeded request batch (request-batch.ts) written to disk as JSONL by a child process, this file run
 * as a script: the ~1 GB of request objects never live in the bench's own process, whose RSS, GC and
 * in-process baselines they would skew.
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { BenchFailure } from "./bench-report";
import { exitDescription } from "./emulator-child";
import { type GenerateOptions, generateBatch } from "./request-batch";

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface RequestFileSpec extends GenerateOptions {
  count: number;
  seed: number;
}

export interface RequestFile {
  bytes: number;
  /** How many requests carry non-ASCII text. */
  nonAscii: number;
}

/** Writes `spec`'s batch to `file`, one request a line, each line ended by "\n". */
export async function writeRequestFile(file: string, spec: RequestFileSpec): Promise<RequestFile> {
  const child = spawn(process.execPath, ["--import", "tsx", SELF, file, JSON.stringify(spec)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  await new Promise((resolve) => child.once("exit", resolve));
  process.off("exit", killOnExit);
  if (child.exitCode !== 0) throw new BenchFailure(`writing the request file: ${exitDescription(child)}`);
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as RequestFile;
}

/** The child's side: prints `{"bytes","nonAscii"}` when the file is complete. */
async function writeHere(file: string, spec: RequestFileSpec): Promise<void> {
  const { requests, nonAscii } = generateBatch(spec.count, spec.seed, spec);
  const out = createWriteStream(file);
  let bytes = 0;
  for (let from = 0; from < requests.length; from += 1000) {
    const text = `${requests
      .slice(from, from + 1000)
      .map((item) => JSON.stringify(item))
      .join("\n")}\n`;
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  console.log(JSON.stringify({ bytes, nonAscii } satisfies RequestFile));
}

if (process.argv[1] === SELF) {
  writeHere(process.argv[2] ?? "", JSON.parse(process.argv[3] ?? "{}") as RequestFileSpec).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
