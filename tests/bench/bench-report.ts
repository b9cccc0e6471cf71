/**
 * The report the dashboard benches (bench:proxy, bench:upload, bench:results) print: one table of figures,
 * each beside its baseline and goal, with `ok`/`MISSED` for timing goals (never fatal) and `FAIL` for
 * functional faults.
 */
import { type PhaseStats, printPhaseTable } from "./emulator-child";

export const MB = 1e6;

/** A functional failure found by a check: reported by its message alone, without a stack. */
export class BenchFailure extends Error {}

export const int = (n: number) => Math.round(n).toLocaleString("en-US");
export const msText = (n: number) =>
  n < 10 ? `${n.toFixed(2)} ms` : n < 100 ? `${n.toFixed(1)} ms` : `${int(n)} ms`;
export const seconds = (n: number) => `${(n / 1000).toFixed(2)} s`;
export const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
export const mbps = (bytes: number, millis: number) => bytes / MB / (millis / 1000);
export const times = (n: number) => `${n.toFixed(2)}×`;
export const log = (message: string) => console.log(`… ${message}`);
export const best = (values: readonly number[]) => Math.min(...values);
export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
/** Runs' times in seconds, for a note: "1.52, 1.61". */
export const runsText = (values: readonly number[]) => values.map((ms) => (ms / 1000).toFixed(2)).join(", ");
export const rate = (bytes: number, ms: number) => `${int(mbps(bytes, ms))} MB/s`;
/** RSS from /proc is in KiB; ProcessMonitor reports MiB. Goals are in MB (10⁶ bytes), as performance.md. */
export const mibToMb = (mib: number) => (mib * 1024 * 1024) / MB;

export type Verdict = "ok" | "MISSED" | "FAIL" | "";

interface Row {
  verdict: Verdict;
  figure: string;
  measured: string;
  base: string;
  ratio: string;
  goal: string;
}

type Line = { section: string } | Row;

export class Report {
  private readonly lines: Line[] = [];
  readonly failures: string[] = [];

  /** `columns` heads the measured and baseline columns, e.g. "proxy" and "direct / baseline". */
  constructor(private readonly columns: { measured: string; base: string }) {}

  section(title: string): void {
    this.lines.push({ section: title });
  }

  /** A figure with its baseline; `verdict` is `ok`/`MISSED` for a goal, "" for context. */
  row(row: Partial<Row> & { figure: string }): void {
    this.lines.push({ verdict: "", measured: "", base: "", ratio: "", goal: "", ...row });
  }

  /** A functional check: adds the row, and a failure when it does not hold. */
  check(ok: boolean, figure: string, measured: string, expected: string): void {
    this.row({ verdict: ok ? "ok" : "FAIL", figure, measured, goal: expected });
    if (!ok) this.failures.push(`${figure}: ${measured} (${expected})`);
  }

  fail(message: string): void {
    this.failures.push(message);
  }

  print(): void {
    const rows = this.lines.filter((line): line is Row => !("section" in line));
    const header: Row = {
      verdict: "",
      figure: "figure",
      measured: this.columns.measured,
      base: this.columns.base,
      ratio: "ratio",
      goal: "goal / note",
    };
    const width = (key: keyof Row) => Math.max(...[header, ...rows].map((row) => row[key].length));
    const widths = {
      figure: width("figure"),
      measured: width("measured"),
      base: width("base"),
      ratio: width("ratio"),
    };
    const format = (row: Row) =>
      [
        (row.verdict ? `[${row.verdict}]` : "").padEnd(9),
        row.figure.padEnd(widths.figure),
        row.measured.padStart(widths.measured),
        row.base.padStart(widths.base),
        row.ratio.padStart(widths.ratio),
        row.goal,
      ]
        .join("  ")
        .trimEnd();
    console.log(format(header));
    for (const line of this.lines) {
      if ("section" in line) console.log(`\n${line.section}`);
      else console.log(format(line));
    }
  }
}

export function printServerPhases(phases: readonly PhaseStats[]): void {
  printPhaseTable(
    "Dashboard server process by phase (peak = VmHWM reset per phase + VmRSS every 50 ms)",
    phases,
    {
      ms: msText,
      rss: (mib) => `${int(mibToMb(mib))} MB`,
    },
  );
}
