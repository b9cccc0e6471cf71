import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import fs from "node:fs/promises";
import type { Readable } from "node:stream";
import { dataDir } from "../data-dir";

const OPENING = '{"requests":[';
const CLOSING = "]}";
/** A spool file this old is a leftover whatever its name says. */
const STALE_MS = 3_600_000;

/**
 * The create body, written to a private file as the upload is validated: `{"requests":[` + canonical
 * requests + `]}`. Memory holds one chunk at a time however large the upload, and a retry re-reads the file.
 */
export class Spool {
  private readonly out: WriteStream;
  private count = 0;
  private bytes = 0;

  private constructor(readonly file: string) {
    this.out = createWriteStream(file, { mode: 0o600, flags: "wx" });
    this.write(OPENING);
  }

  static async open(): Promise<Spool> {
    const dir = dataDir("spool");
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await sweep(dir);
    // The writer's pid in the name lets the next upload tell a crashed process's leftover from a live one's.
    return new Spool(`${dir}/${process.pid}-${randomUUID()}.json`);
  }

  private write(text: string): void {
    this.bytes += Buffer.byteLength(text);
    this.out.write(text);
  }

  add(canonicalRequest: string): void {
    this.write(this.count === 0 ? canonicalRequest : `,${canonicalRequest}`);
    this.count += 1;
  }

  /** Resolves once the file has caught up, so a fast upload over a slow disk cannot pile up in memory. */
  async drained(): Promise<void> {
    if (this.out.writableNeedDrain)
      await new Promise<void>((resolve) => this.out.once("drain", () => resolve()));
  }

  /** Closes the body and returns how to read it back, with its exact length. */
  async finish(): Promise<{ open: () => Readable; length: number }> {
    this.write(CLOSING);
    await new Promise<void>((resolve, reject) =>
      this.out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    return { open: () => createReadStream(this.file, { highWaterMark: 1 << 20 }), length: this.bytes };
  }

  async discard(): Promise<void> {
    // Wait for the stream to close: a file still being opened would otherwise appear after the rm.
    // Writes still queued fail once the stream is destroyed; those errors are expected and not the caller's.
    if (!this.out.closed) {
      await new Promise<void>((resolve) => {
        this.out.on("error", () => undefined);
        this.out.once("close", () => resolve());
        this.out.destroy();
      });
    }
    await fs.rm(this.file, { force: true });
  }
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Removes what crashed uploads left: files of processes that no longer run, and anything an hour old. */
async function sweep(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await fs.readdir(dir)) {
    const file = `${dir}/${name}`;
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    const gone = Number.isSafeInteger(pid) && pid !== process.pid && processIsGone(pid);
    const stat = gone ? undefined : await fs.stat(file).catch(() => undefined);
    if (gone || (stat && now - stat.mtimeMs > STALE_MS)) await fs.rm(file, { force: true });
  }
}
