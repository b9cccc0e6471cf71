// The corpus's files as the tests send them: generated ones made on first use in a temp directory, and
// every file read the way the form reads it (the layout from its first bytes, not its name).
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { detectFormat, FORMAT_CONTENT_TYPE } from "../../../../lib/batch-file/detect-format";
import { type BadInputCase, casePath } from "../../../fixtures/bad-inputs/corpus";

/** Above this, a file goes to the route as a stream from disk rather than as one buffer. */
const BUFFER_LIMIT = 64 * 1024 * 1024;

export class CaseFiles {
  private readonly dir = mkdtempSync(join(tmpdir(), "batchboard-bad-inputs-"));

  /** The case's file on disk, generated now if it has to be. */
  async pathOf(input: BadInputCase): Promise<string> {
    const path = casePath(input, this.dir);
    if ("generate" in input.file && !existsSync(path)) await input.file.generate(path);
    return path;
  }

  /** The body and content type the form would send for this file. */
  async uploadOf(input: BadInputCase): Promise<{ body: Buffer | Readable; contentType: string }> {
    const path = await this.pathOf(input);
    const head = Buffer.alloc(64);
    const fd = openSync(path, "r");
    const read = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const contentType = FORMAT_CONTENT_TYPE[detectFormat(head.subarray(0, read))];
    const body = statSync(path).size > BUFFER_LIMIT ? createReadStream(path) : readFileSync(path);
    return { body, contentType };
  }

  /** Drops a generated file once no test needs it (the largest is 257 MB). */
  release(input: BadInputCase): void {
    if ("generate" in input.file) rmSync(casePath(input, this.dir), { force: true });
  }

  removeAll(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
