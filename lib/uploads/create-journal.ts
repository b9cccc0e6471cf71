import "server-only";
import fs from "node:fs/promises";
import { AppError } from "../api/errors";
import { dataDir } from "../data-dir";
import type { MessageBatch } from "../schemas/batch";

/** What became of one create, by the browser's `Idempotency-Key`. */
export interface CreateRecord {
  state: "pending" | "created" | "failed";
  sha256: string;
  requests: number;
  startedAt: number;
  batch?: MessageBatch;
}

/** What a claim found: a batch to replay, a fresh start, or a create that died with an earlier process. */
export type Claim =
  | { kind: "replay"; batch: MessageBatch }
  | { kind: "new" }
  | { kind: "interrupted"; startedAt: number };

const KEEP_MS = 24 * 3_600_000;
const PENDING_WAIT_MS = 120_000;

/**
 * Remembers creates by idempotency key, in memory and in `.data/create-journal.json`, so a double click, a
 * browser retry or a reload after a lost answer returns the first batch instead of making a second.
 */
class CreateJournal {
  private records = new Map<string, CreateRecord>();
  /** Creates in flight in this process, for a repeated submit to wait on. */
  private readonly inFlight = new Map<
    string,
    { outcome: Promise<CreateRecord>; settle: (r: CreateRecord) => void }
  >();
  private loaded: Promise<void> | undefined;
  private saving = Promise.resolve();

  private file(): string {
    return dataDir("create-journal.json");
  }

  private load(): Promise<void> {
    this.loaded ??= fs.readFile(this.file(), "utf8").then(
      (text) => {
        const now = Date.now();
        // Pending records are kept: their process died mid-create, and the batch may exist upstream.
        for (const [key, record] of Object.entries(JSON.parse(text) as Record<string, CreateRecord>)) {
          if (now - record.startedAt < KEEP_MS) this.records.set(key, record);
        }
      },
      () => undefined,
    );
    return this.loaded;
  }

  private save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      const file = this.file();
      await fs.mkdir(dataDir(), { recursive: true });
      await fs.writeFile(`${file}.tmp`, JSON.stringify(Object.fromEntries(this.records)), { mode: 0o600 });
      await fs.rename(`${file}.tmp`, file);
    });
    return this.saving;
  }

  /**
   * Claims `key` for a create of content `sha256`. Replays the earlier batch when this content was already
   * created under the key (waiting for one still in flight here); reports a create that an earlier process
   * started and never settled; throws when the key was used for other content.
   */
  async claim(key: string, sha256: string, requests: number): Promise<Claim> {
    await this.load();
    const existing = this.records.get(key);
    if (existing && existing.sha256 !== sha256) {
      throw new AppError(
        "idempotency_mismatch",
        "This Idempotency-Key was already used for a different file.",
      );
    }
    const startedHere = this.inFlight.has(key);
    if (existing?.state === "pending" && startedHere) {
      const outcome = await Promise.race([
        this.inFlight.get(key)?.outcome,
        new Promise<undefined>((resolve) => setTimeout(resolve, PENDING_WAIT_MS)),
      ]);
      if (outcome?.state === "created" && outcome.batch) return { kind: "replay", batch: outcome.batch };
      throw new AppError("conflict", "A create with this Idempotency-Key is still in progress.");
    }
    if (existing?.state === "created" && existing.batch) return { kind: "replay", batch: existing.batch };
    const interrupted = existing?.state === "pending" ? existing.startedAt : undefined;
    this.records.set(key, { state: "pending", sha256, requests, startedAt: interrupted ?? Date.now() });
    let settle: (record: CreateRecord) => void = () => undefined;
    const outcome = new Promise<CreateRecord>((resolve) => {
      settle = resolve;
    });
    this.inFlight.set(key, { outcome, settle });
    await this.save();
    return interrupted === undefined ? { kind: "new" } : { kind: "interrupted", startedAt: interrupted };
  }

  async settle(key: string, outcome: { batch: MessageBatch } | { failed: true }): Promise<void> {
    const record = this.records.get(key);
    if (!record) return;
    const settled: CreateRecord =
      "batch" in outcome
        ? { ...record, state: "created", batch: outcome.batch }
        : { ...record, state: "failed" };
    this.records.set(key, settled);
    this.inFlight.get(key)?.settle(settled);
    this.inFlight.delete(key);
    await this.save();
  }

  /**
   * Gives up this process's hold on `key` without an outcome: the record stays pending (interrupted), so the
   * next attempt looks upstream for its batch again instead of creating one blindly.
   */
  release(key: string): void {
    const record = this.records.get(key);
    if (record) this.inFlight.get(key)?.settle(record);
    this.inFlight.delete(key);
  }

  /** Ids of batches this dashboard already knows it created: never adopted twice by reconciliation. */
  knownBatchIds(): Set<string> {
    return new Set([...this.records.values()].flatMap((record) => (record.batch ? [record.batch.id] : [])));
  }
}

export const createJournal = new CreateJournal();
