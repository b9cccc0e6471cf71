import type { WriteStream } from "node:fs";
import type { BatchState } from "./batch-state";
import type { EmulatorOptions } from "./options";
import { answeredLine, unansweredLine } from "./reply";
import type { BatchStore } from "./store";
import { nowMicros } from "./time";
import type { WorkItem } from "./work-item";

interface Running {
  state: BatchState;
  pending: WorkItem[];
  /** Index of the next item in `pending` to start. */
  next: number;
  inFlight: number;
  out: WriteStream;
  /** Set once the batch is being closed out, so nothing else starts or writes. */
  ending: boolean;
  waitingForDrain: boolean;
}

interface Flight {
  batch: Running;
  item: WorkItem;
  dueAt: number;
}

/** Work done in one turn of the loop before it yields to the HTTP server. */
const TURN_BUDGET = 2000;
const IDLE_TICK_MS = 50;
const ARCHIVE_SWEEP_MS = 1000;

/**
 * Works through every running batch: starts requests at `rate` per second, round-robin across batches, keeps
 * at most `concurrency` in flight for about `latencyMs` each, appends each outcome to the batch's results
 * file, and ends batches when they finish, are canceled, or pass `expires_at`.
 */
export class Processor {
  private readonly running = new Map<string, Running>();
  private flights: Flight[] = [];
  private tokens = 0;
  private lastTick = Date.now();
  private lastSweep = 0;
  private cursor = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private stopped = false;
  private readonly endings = new Set<Promise<void>>();

  constructor(
    private readonly options: EmulatorOptions,
    private readonly store: BatchStore,
    private readonly ended: () => Iterable<BatchState>,
  ) {}

  add(state: BatchState, pending: WorkItem[]): void {
    const out = this.store.appendResults(state.id);
    this.running.set(state.id, {
      state,
      pending,
      next: 0,
      inFlight: 0,
      out,
      ending: false,
      waitingForDrain: false,
    });
    this.schedule(0);
  }

  start(): void {
    this.schedule(0);
  }

  /** Stops the loop and flushes every results file; unfinished work resumes at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
    }
    await Promise.all(this.endings);
    await Promise.all(
      [...this.running.values()].map((batch) => new Promise<void>((resolve) => batch.out.end(resolve))),
    );
    this.running.clear();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
    }
    this.timer = delayMs <= 0 ? setImmediate(() => this.tick()) : setTimeout(() => this.tick(), delayMs);
  }

  private tick(): void {
    this.timer = undefined;
    const now = Date.now();
    const { rate, concurrency } = this.options;
    // A bucket of up to one second's worth lets slow rates start work without waiting a whole period.
    this.tokens = Number.isFinite(rate)
      ? Math.min(this.tokens + ((now - this.lastTick) / 1000) * rate, Math.max(1, rate))
      : Number.POSITIVE_INFINITY;
    this.lastTick = now;

    let work = this.land(now);
    while (work < TURN_BUDGET && this.tokens >= 1 && this.flights.length < concurrency) {
      const batch = this.nextRunnable();
      if (!batch) break;
      const item = batch.pending[batch.next++] as WorkItem;
      this.tokens -= 1;
      work += 1;
      if (this.options.latencyMs <= 0) {
        this.write(batch, item);
      } else {
        batch.inFlight += 1;
        this.flights.push({ batch, item, dueAt: now + this.latencyFor(item) });
      }
    }
    for (const batch of this.running.values()) this.maybeEnd(batch, now);
    if (now - this.lastSweep >= ARCHIVE_SWEEP_MS) {
      this.lastSweep = now;
      this.archiveDue();
    }
    this.schedule(this.nextDelay(work, now));
  }

  /** Each request takes between half and one and a half times the mean latency, fixed by its content. */
  private latencyFor(item: WorkItem): number {
    return this.options.latencyMs * (0.5 + ((item.seed ?? 0) % 1000) / 1000);
  }

  private land(now: number): number {
    let landed = 0;
    this.flights = this.flights.filter((flight) => {
      if (flight.batch.ending) return false;
      if (flight.dueAt > now) return true;
      flight.batch.inFlight -= 1;
      this.write(flight.batch, flight.item);
      landed += 1;
      return false;
    });
    return landed;
  }

  private write(batch: Running, item: WorkItem): void {
    const { line, type } = answeredLine(batch.state.id, item);
    batch.state.counts[type] += 1;
    batch.state.counts.processing -= 1;
    if (!batch.out.write(`${line}\n`)) {
      batch.waitingForDrain = true;
      batch.out.once("drain", () => {
        batch.waitingForDrain = false;
        this.schedule(0);
      });
    }
  }

  private nextRunnable(): Running | undefined {
    const batches = [...this.running.values()];
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[(this.cursor + i) % batches.length];
      if (
        batch &&
        !batch.ending &&
        !batch.waitingForDrain &&
        batch.state.status === "in_progress" &&
        batch.next < batch.pending.length
      ) {
        this.cursor = (this.cursor + i + 1) % batches.length;
        return batch;
      }
    }
    return undefined;
  }

  private nextDelay(work: number, now: number): number {
    const startable = [...this.running.values()].some(
      (batch) => !batch.ending && batch.state.status === "in_progress" && batch.next < batch.pending.length,
    );
    if (
      work >= TURN_BUDGET ||
      (startable && this.tokens >= 1 && this.flights.length < this.options.concurrency)
    ) {
      return 0;
    }
    let delay = IDLE_TICK_MS;
    if (startable && this.tokens < 1) delay = Math.min(delay, ((1 - this.tokens) / this.options.rate) * 1000);
    for (const flight of this.flights) delay = Math.min(delay, flight.dueAt - now);
    return Math.max(1, delay);
  }

  cancel(state: BatchState): void {
    state.status = "canceling";
    state.cancelInitiatedAt = nowMicros();
    this.schedule(0);
  }

  private maybeEnd(batch: Running, now: number): void {
    if (batch.ending) return;
    const { state } = batch;
    const expired = now * 1000 >= state.expiresAt;
    const drained = batch.next >= batch.pending.length && batch.inFlight === 0;
    // Canceling takes at least as long as one request does, as it takes time on the real API.
    const canceled =
      state.status === "canceling" &&
      batch.inFlight === 0 &&
      now * 1000 >= (state.cancelInitiatedAt ?? 0) + this.options.latencyMs * 1000;
    if (!expired && !drained && !canceled) return;
    batch.ending = true;
    const leftover = expired ? "expired" : "canceled";
    const unanswered = batch.pending.slice(batch.next).map((item) => item.customId);
    if (expired) {
      for (const flight of this.flights) if (flight.batch === batch) unanswered.push(flight.item.customId);
      batch.inFlight = 0;
    }
    const ending = this.end(batch, unanswered, leftover).finally(() => this.endings.delete(ending));
    this.endings.add(ending);
  }

  /** Writes the unanswered lines, flushes, and only then flips the batch to `ended`, with its results in place. */
  private async end(batch: Running, unanswered: string[], type: "canceled" | "expired"): Promise<void> {
    const { state, out } = batch;
    for (let i = 0; i < unanswered.length; i += TURN_BUDGET) {
      const lines = unanswered.slice(i, i + TURN_BUDGET).map((id) => unansweredLine(id, type));
      if (!out.write(`${lines.join("\n")}\n`))
        await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    await new Promise<void>((resolve) => out.end(resolve));
    state.counts[type] += unanswered.length;
    state.counts.processing -= unanswered.length;
    state.status = "ended";
    state.endedAt = nowMicros();
    await this.store.save(state);
    this.running.delete(state.id);
  }

  private archiveDue(): void {
    const now = nowMicros();
    const retentionUs = this.options.retentionMs * 1000;
    for (const state of this.ended()) {
      if (state.archivedAt !== null || now < state.createdAt + retentionUs) continue;
      state.archivedAt = state.createdAt + retentionUs;
      void this.store.dropResults(state.id).then(() => this.store.save(state));
    }
  }
}
