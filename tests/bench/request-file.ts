/**
 * The seeded request batch (request-batch.ts) written to disk as JSONL by a child process, this file run
 * as a script: the ~1 GB of request objects never live in the bench's own process, whose RSS, GC and
 * in-process baselines they would skew.
 */
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { type GenerateOptions, generateBatch } from "./request-batch";
import { isScript, runAsScript, runScript } from "./script-child";

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
  const last = await runScript("writing the request file", fileURLToPath(import.meta.url), [
    file,
    JSON.stringify(spec),
  ]);
  return JSON.parse(last || "{}") as RequestFile;
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

if (isScript(import.meta.url)) {
  runAsScript(() => writeHere(process.argv[2] ?? "", JSON.parse(process.argv[3] ?? "{}") as RequestFileSpec));
}
