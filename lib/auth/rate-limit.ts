// Login throttling: at most 5 attempts a minute from one client, and a global pace that slows every attempt
// down once attempts pile up across all clients (so rotating client addresses does not help).

export interface LoginLimiterOptions {
  /** Attempts one client may make within `windowMs` (a correct password resets its count). */
  perClientFailures?: number;
  windowMs?: number;
  /** Attempts across all clients within `windowMs` before the global pace starts. */
  globalFreeFailures?: number;
  /** First spacing between attempts once the global pace is on; doubles with each further attempt. */
  globalBaseDelayMs?: number;
  globalMaxDelayMs?: number;
  /** An attempt that would wait longer than this for its turn is refused instead. */
  maxWaitMs?: number;
  now?: () => number;
}

export type LoginAdmission =
  /** Go ahead after waiting `waitMs` (0 most of the time). */
  | { allowed: true; waitMs: number }
  /** Refuse with 429; the client may try again after `retryAfterSeconds`. */
  | { allowed: false; retryAfterSeconds: number };

/** Bounds memory if a flood of distinct client keys arrives. */
const MAX_TRACKED_CLIENTS = 10_000;
const MAX_TRACKED_FAILURES = 1_000;

export class LoginLimiter {
  readonly #perClient: number;
  readonly #windowMs: number;
  readonly #globalFree: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #maxWaitMs: number;
  readonly #now: () => number;
  /** Attempt times per client, oldest first; a correct password clears them. */
  readonly #clients = new Map<string, number[]>();
  /** Attempt times across all clients, oldest first. */
  #failures: number[] = [];
  /** When the next attempt may start under the global pace. */
  #nextSlotAt = 0;

  constructor(options: LoginLimiterOptions = {}) {
    this.#perClient = options.perClientFailures ?? 5;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#globalFree = options.globalFreeFailures ?? 10;
    this.#baseDelayMs = options.globalBaseDelayMs ?? 250;
    this.#maxDelayMs = options.globalMaxDelayMs ?? 4_000;
    this.#maxWaitMs = options.maxWaitMs ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  #recent(times: number[] | undefined, now: number): number[] {
    if (!times) return [];
    const cutoff = now - this.#windowMs;
    let first = 0;
    while (first < times.length && (times[first] as number) <= cutoff) first++;
    return first === 0 ? times : times.slice(first);
  }

  /** Spacing between attempts that the recent attempts across all clients call for. */
  globalDelayMs(): number {
    const now = this.#now();
    this.#failures = this.#recent(this.#failures, now);
    const excess = this.#failures.length - this.#globalFree;
    if (excess <= 0) return 0;
    return Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (excess - 1));
  }

  /**
   * Call before checking a password. An admitted attempt counts as a failure straight away, so a burst
   * of parallel requests cannot all slip in before the first wrong answer is recorded; a correct password
   * then takes it back with `succeeded()`.
   */
  admit(client: string): LoginAdmission {
    const now = this.#now();
    const mine = this.#recent(this.#clients.get(client), now);
    if (mine.length >= this.#perClient) {
      this.#clients.set(client, mine);
      const oldest = mine[mine.length - this.#perClient] as number;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.#windowMs - now) / 1000)),
      };
    }

    const delay = this.globalDelayMs();
    const start = Math.max(now, this.#nextSlotAt);
    const waitMs = start - now;
    if (waitMs > this.#maxWaitMs) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    if (delay > 0) this.#nextSlotAt = start + delay;

    mine.push(now);
    // Re-inserting keeps the map in order of last attempt, so the eviction below drops the stalest client.
    this.#clients.delete(client);
    this.#clients.set(client, mine);
    if (this.#clients.size > MAX_TRACKED_CLIENTS) {
      const stalest = this.#clients.keys().next().value;
      if (stalest !== undefined) this.#clients.delete(stalest);
    }
    this.#failures.push(now);
    if (this.#failures.length > MAX_TRACKED_FAILURES) this.#failures.shift();
    return { allowed: true, waitMs };
  }

  /** A correct password clears that client's count (not the global one: an attack may still be on). */
  succeeded(client: string): void {
    this.#clients.delete(client);
  }
}

/**
 * The key a login attempt is counted under. Next fills `x-forwarded-for` with the socket's address unless
 * the client sent one; behind a trusted proxy the last entry is the address that proxy saw. Without one, a
 * client can pick its own key, which is why the global pace exists.
 */
export function clientKey(headers: Headers, trustProxy: boolean): string {
  const forwarded = headers.get("x-forwarded-for") ?? "";
  const entries = forwarded.split(",").map((entry) => entry.trim());
  const key = trustProxy ? (entries[entries.length - 1] ?? "") : forwarded.trim();
  return key.slice(0, 100) || "unknown";
}
