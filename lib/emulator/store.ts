import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import type { BatchState, RequestCounts } from "./batch-state";
import type { ResultType } from "./reply";
import type { WorkItem } from "./work-item";

const STATE_FILE = "batch.json";
const WORK_FILE = "work.jsonl";
const RESULTS_FILE = "results.jsonl";
const TOMBSTONES_FILE = "deleted.json";

/** A batch found unfinished on disk: what it had done, and what it still has to do. */
export interface Unfinished {
  state: BatchState;
  pending: WorkItem[];
}

let tempCounter = 0;

/** Writes a file so that a crash leaves either the old content or the new, never a mix. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.${tempCounter++}.tmp`;
  await fs.writeFile(temp, content);
  await fs.rename(temp, file);
}

async function* readLines(file: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) if (line) yield line;
}

/** Our own results lines always start `{"custom_id":"…","result":{"type":"…"`; reading that is enough. */
const RESULT_HEAD = /^\{"custom_id":"([A-Za-z0-9_-]+)","result":\{"type":"(\w+)"/;

/**
 * Batches on disk, one directory each: `batch.json` (the state), `work.jsonl` (the work items in
 * processing order) and `results.jsonl` (appended as requests finish). A batch exists once its
 * directory has been renamed into place, so a crash during create leaves nothing half-made.
 */
export class BatchStore {
  private readonly batchesDir: string;
  private readonly tombstones = new Map<string, number>();
  private readonly saving = new Map<string, Promise<void>>();

  constructor(readonly dataDir: string) {
    this.batchesDir = path.join(dataDir, "batches");
  }

  private dir(id: string): string {
    return path.join(this.batchesDir, id);
  }

  resultsFile(id: string): string {
    return path.join(this.dir(id), RESULTS_FILE);
  }

  /** The list position of a deleted batch, so a cursor that names it still works. */
  deletedSeq(id: string): number | undefined {
    return this.tombstones.get(id);
  }

  lastDeletedSeq(): number {
    return Math.max(0, ...this.tombstones.values());
  }

  /** Reads every batch; half-created and half-deleted directories are swept away. */
  async load(): Promise<{ batches: BatchState[]; unfinished: Unfinished[] }> {
    await fs.mkdir(this.batchesDir, { recursive: true });
    try {
      const saved = JSON.parse(await fs.readFile(path.join(this.dataDir, TOMBSTONES_FILE), "utf8"));
      for (const [id, seq] of Object.entries(saved)) this.tombstones.set(id, Number(seq));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    const batches: BatchState[] = [];
    const unfinished: Unfinished[] = [];
    for (const entry of await fs.readdir(this.batchesDir)) {
      const dir = path.join(this.batchesDir, entry);
      if (entry.includes(".")) {
        await fs.rm(dir, { recursive: true, force: true });
        continue;
      }
      const state = JSON.parse(await fs.readFile(path.join(dir, STATE_FILE), "utf8")) as BatchState;
      batches.push(state);
      if (state.status !== "ended") unfinished.push({ state, pending: await this.recover(state) });
    }
    return { batches, unfinished };
  }

  /** Recounts what an unfinished batch had written, drops a torn last line, and returns what is left. */
  private async recover(state: BatchState): Promise<WorkItem[]> {
    const file = this.resultsFile(state.id);
    const done = new Set<string>();
    const counts: RequestCounts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    let complete = 0;
    try {
      const content = await fs.readFile(file);
      complete = content.lastIndexOf(0x0a) + 1;
      for (const line of content.subarray(0, complete).toString("utf8").split("\n")) {
        const match = RESULT_HEAD.exec(line);
        if (!match?.[1] || done.has(match[1])) continue;
        done.add(match[1]);
        counts[match[2] as ResultType] += 1;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    await fs.writeFile(file, "", { flag: "a" });
    await fs.truncate(file, complete);
    counts.processing = state.total - done.size;
    state.counts = counts;
    const pending: WorkItem[] = [];
    for await (const line of readLines(path.join(this.dir(state.id), WORK_FILE))) {
      const item = JSON.parse(line) as WorkItem;
      if (!done.has(item.customId)) pending.push(item);
    }
    return pending;
  }

  async create(state: BatchState, items: readonly WorkItem[]): Promise<void> {
    const staging = `${this.dir(state.id)}.staging`;
    await fs.mkdir(staging, { recursive: true });
    // One write of the whole file: for 100k items, far cheaper than a stream's chunks and drains.
    await fs.writeFile(
      path.join(staging, WORK_FILE),
      `${items.map((item) => JSON.stringify(item)).join("\n")}\n`,
    );
    await fs.writeFile(path.join(staging, RESULTS_FILE), "");
    await fs.writeFile(path.join(staging, STATE_FILE), JSON.stringify(state));
    await fs.rename(staging, this.dir(state.id));
  }

  /** Saves run one after another per batch, each writing the state as it is by then, so none can undo a later one. */
  save(state: BatchState): Promise<void> {
    const file = path.join(this.dir(state.id), STATE_FILE);
    const saved = (this.saving.get(state.id) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => writeAtomically(file, JSON.stringify(state)));
    this.saving.set(state.id, saved);
    void saved.finally(() => {
      if (this.saving.get(state.id) === saved) this.saving.delete(state.id);
    });
    return saved;
  }

  appendResults(id: string): WriteStream {
    return createWriteStream(this.resultsFile(id), { flags: "a" });
  }

  async dropResults(id: string): Promise<void> {
    await fs.rm(this.resultsFile(id), { force: true });
  }

  async remove(state: BatchState): Promise<void> {
    await this.saving.get(state.id)?.catch(() => undefined);
    this.tombstones.set(state.id, state.seq);
    await writeAtomically(
      path.join(this.dataDir, TOMBSTONES_FILE),
      JSON.stringify(Object.fromEntries(this.tombstones)),
    );
    const doomed = `${this.dir(state.id)}.deleted`;
    await fs.rename(this.dir(state.id), doomed);
    await fs.rm(doomed, { recursive: true, force: true });
  }
}
