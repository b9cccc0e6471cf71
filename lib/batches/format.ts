// Text for numbers, durations and times. Fixed to English so the server and the browser agree on every
// string they both render; only the exact local time (after mount) uses the browser's locale and zone.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const integer = new Intl.NumberFormat("en-US");

export function formatCount(value: number): string {
  return integer.format(value);
}

/** A share as a whole percentage that never rounds a non-zero part to 0 % or a partial one to 100 %. */
export function formatPercent(part: number, total: number): string {
  if (total <= 0 || part <= 0) return "0%";
  if (part >= total) return "100%";
  const percent = (part / total) * 100;
  if (percent < 1) return "<1%";
  if (percent > 99) return ">99%";
  return `${Math.round(percent)}%`;
}

/**
 * "45 s", "3 min 12 s", "23 h 59 min", "2 d 4 h": the two largest units. Hours go up to 48, so the
 * processing window reads "24 h", as the API documents it.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND)) * SECOND;
  if (total < MINUTE) return `${total / SECOND} s`;
  if (total < HOUR) return pair(total, MINUTE, "min", SECOND, "s");
  if (total < 2 * DAY) return pair(total, HOUR, "h", MINUTE, "min");
  return pair(total, DAY, "d", HOUR, "h");
}

function pair(ms: number, big: number, bigUnit: string, small: number, smallUnit: string): string {
  const whole = Math.floor(ms / big);
  const rest = Math.floor((ms % big) / small);
  return rest === 0 ? `${whole} ${bigUnit}` : `${whole} ${bigUnit} ${rest} ${smallUnit}`;
}

/** "just now", "5 min ago", "in 3 h", "2 d ago": one unit, rounded down. */
export function formatRelative(iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  const ms = Math.abs(diff);
  if (ms < 45 * SECOND) return diff <= 0 ? "just now" : "in a few seconds";
  let text: string;
  if (ms < HOUR) text = `${Math.max(1, Math.floor(ms / MINUTE))} min`;
  else if (ms < 2 * DAY) text = `${Math.floor(ms / HOUR)} h`;
  else text = `${Math.floor(ms / DAY)} d`;
  return diff < 0 ? `${text} ago` : `in ${text}`;
}

/** "2025-06-01 12:34:56 UTC": the same on the server and in the browser, for the first render. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "long" });

/** In the browser's locale and time zone; call only after mount. */
export function formatLocal(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : localFormat.format(date);
}

const BYTE_UNITS = ["kB", "MB", "GB"];

/** Decimal units, as the API states its 256 MB limit: "245.7 MB", "812 B". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  let value = bytes;
  let unit = "B";
  for (const next of BYTE_UNITS) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}

/** "1.2M", "34.5k", "812": token counts at a glance; the exact figure goes in a title. */
export function formatCompact(value: number): string {
  if (value < 1000) return integer.format(Math.round(value));
  if (value < 1_000_000) return `${(value / 1000).toFixed(value < 10_000 ? 1 : 0)}k`;
  return `${(value / 1_000_000).toFixed(value < 10_000_000 ? 2 : 1)}M`;
}

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const centsUsd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumSignificantDigits: 2,
  maximumSignificantDigits: 2,
});

/** "$1,234.56"; under a dollar, two significant digits ("$0.42", "$0.0042"), so small amounts never read "$0.00". */
export function formatUsd(amount: number): string {
  if (amount > 0 && amount < 1) return centsUsd.format(amount);
  return usd.format(amount);
}
