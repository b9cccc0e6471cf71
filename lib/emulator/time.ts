/** Timestamps are kept as whole microseconds since the epoch, as the API reports them. */
export type Micros = number;

let lastMicros = 0;

/** Now, in microseconds, strictly increasing so that creation order is never ambiguous. */
export function nowMicros(): Micros {
  const wall = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  lastMicros = Math.max(wall, lastMicros + 1);
  return lastMicros;
}

/** RFC 3339 in UTC with six fractional digits, e.g. `2024-09-24T18:37:24.100435Z`. */
export function formatTimestamp(us: Micros): string {
  const iso = new Date(Math.floor(us / 1000)).toISOString();
  return `${iso.slice(0, 19)}.${String(us % 1_000_000).padStart(6, "0")}Z`;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500ms`, `30s`, `10m`, `24h`, `29d`, or a bare number of milliseconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match?.[1]) throw new Error(`not a duration: "${text}" (use e.g. 500ms, 30s, 10m, 24h, 29d)`);
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? "ms"] ?? 1));
}
