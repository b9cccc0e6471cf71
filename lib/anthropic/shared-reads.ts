interface Entry {
  answer: Promise<unknown>;
  /** When the answer arrived; unset while the call is in flight. */
  settledAt?: number;
}

/** Above this many remembered answers, the stale ones are dropped before a new one is added. */
const PRUNE_ABOVE = 500;

/**
 * Identical reads share one upstream call: while it is in flight, and for `freshMs` after it succeeded.
 * Fifty tabs polling one batch then cost about one upstream call per `freshMs` instead of fifty, which
 * matters against the API's rate limits. Failures are never shared: the next read tries again.
 */
export class SharedReads {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly freshMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  read<T>(key: string, call: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    if (known && (known.settledAt === undefined || this.now() - known.settledAt < this.freshMs)) {
      return known.answer as Promise<T>;
    }
    if (this.entries.size > PRUNE_ABOVE) this.pruneStale();
    const entry: Entry = { answer: call() };
    this.entries.set(key, entry);
    entry.answer.then(
      () => {
        entry.settledAt = this.now();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.answer as Promise<T>;
  }

  /** Drops every shared answer whose key starts with `prefix`: a change made through us made it stale. */
  forget(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private pruneStale(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.settledAt !== undefined && now - entry.settledAt >= this.freshMs) this.entries.delete(key);
    }
  }
}
