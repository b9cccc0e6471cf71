/**
 * The emulator as a child process, so that its memory is measured apart from the benchmark's own (which
 * holds the whole 250 MB batch several times over), and a monitor of its RSS and CPU time from `/proc/<pid>`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";

export interface EmulatorChild {
  url: string;
  pid: number;
  /** Everything the emulator wrote to stderr so far (unexpected errors are logged there). */
  stderr(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with how it exited. */
  stop(graceMs?: number): Promise<string>;
}

/** The caller's environment without EMULATOR_* or ANTHROPIC_* settings, which would skew the run. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith("EMULATOR_") || key.startsWith("ANTHROPIC_")) delete env[key];
  }
  return { ...env, ...extra };
}

export function exitDescription(child: ChildProcess): string {
  return child.signalCode ? `killed by ${child.signalCode}` : `exit code ${child.exitCode}`;
}

export const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * SIGTERM, then SIGKILL if `child` has not exited within `graceMs`; resolves with how it exited. `killOnExit`
 * is the guard that kills the child if the bench itself exits first; it is no longer needed once stopped.
 */
export async function stopChild(
  child: ChildProcess,
  killOnExit: () => void,
  graceMs: number,
): Promise<string> {
  process.off("exit", killOnExit);
  if (!hasExited(child)) child.kill("SIGTERM");
  if (!(await waitForExit(child, graceMs))) {
    child.kill("SIGKILL");
    await waitForExit(child, 5_000);
    return `did not exit within ${graceMs} ms of SIGTERM; killed`;
  }
  return exitDescription(child);
}

/** Resolves with the URL once the emulator prints its `listening on` line; rejects if it exits first. */
function waitForListening(child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(
      () => reject(new Error(`emulator did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.stdout?.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`emulator exited before listening (${exitDescription(child)}): ${stderr()}`));
    });
  });
}

/**
 * Starts `lib/emulator/cli.ts` with `node --import tsx` rather than the `tsx` binary: the binary runs the
 * script in a second process, and the PID we measure must be the one that serves requests. A fixed `port`
 * lets a restarted emulator take over the URL its clients already use.
 */
export async function startEmulatorChild(
  root: string,
  env: Record<string, string>,
  port = 0,
): Promise<EmulatorChild> {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/emulator/cli.ts", "--port", String(port)], {
    cwd: root,
    env: cleanEnv({ EMULATOR_HOST: "127.0.0.1", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const readStderr = () => stderr;
  // If the benchmark dies of anything, the emulator must not outlive it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let url: string;
  try {
    url = await waitForListening(child, readStderr, 30_000);
  } catch (error) {
    process.off("exit", killOnExit);
    child.kill("SIGKILL");
    throw error;
  }
  return {
    url,
    pid: child.pid ?? 0,
    stderr: readStderr,
    stop: (graceMs = 15_000) => stopChild(child, killOnExit, graceMs),
  };
}

export interface PhaseStats {
  phase: string;
  wallMs: number;
  /** CPU time the emulator used during the phase (user + system). */
  cpuMs: number;
  /** RSS, all in MiB. */
  before: number;
  peak: number;
  after: number;
}

const MIB_PER_KB = 1 / 1024;
/** Linux reports CPU time in clock ticks; USER_HZ is 100 on every mainstream architecture. */
const MS_PER_TICK = 10;

/**
 * The emulator's RSS and CPU time per phase. Sampling VmRSS every 50 ms misses spikes while this process is
 * busy in synchronous work (the SDK stringifying 250 MB), so each phase also resets the kernel's high-water
 * mark (VmHWM, via `clear_refs`) and reads it at the end; the larger of the two is the phase's peak.
 */
export class ProcessMonitor {
  private timer: NodeJS.Timeout | undefined;
  private sampledPeakKb = 0;
  private hwmResets = true;
  private current: { phase: string; beforeKb: number; startMs: number; startCpuMs: number } | undefined;
  readonly phases: PhaseStats[] = [];
  /** Peak before the first phase began (startup), in KiB. */
  private startupPeakKb = 0;

  constructor(private readonly pid: number) {}

  private status(): { rssKb: number; hwmKb: number } {
    const text = readFileSync(`/proc/${this.pid}/status`, "utf8");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
    return { rssKb: field("VmRSS"), hwmKb: field("VmHWM") };
  }

  /** utime + stime from `/proc/<pid>/stat`; fields counted after the `)` that ends the command name. */
  private cpuMs(): number {
    const text = readFileSync(`/proc/${this.pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  }

  start(): void {
    this.startupPeakKb = this.status().hwmKb;
    this.timer = setInterval(() => {
      try {
        this.sampledPeakKb = Math.max(this.sampledPeakKb, this.status().rssKb);
      } catch {
        // The process is gone; the phase that notices reports it.
      }
    }, 50);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  begin(phase: string): void {
    const { rssKb } = this.status();
    this.sampledPeakKb = rssKb;
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, "5");
    } catch {
      this.hwmResets = false;
    }
    this.current = { phase, beforeKb: rssKb, startMs: performance.now(), startCpuMs: this.cpuMs() };
  }

  end(): PhaseStats {
    if (!this.current) throw new Error("ProcessMonitor.end() without begin()");
    const { rssKb, hwmKb } = this.status();
    const peakKb = Math.max(this.sampledPeakKb, rssKb, this.hwmResets ? hwmKb : 0);
    const phase: PhaseStats = {
      phase: this.current.phase,
      wallMs: performance.now() - this.current.startMs,
      cpuMs: this.cpuMs() - this.current.startCpuMs,
      before: this.current.beforeKb * MIB_PER_KB,
      peak: peakKb * MIB_PER_KB,
      after: rssKb * MIB_PER_KB,
    };
    this.phases.push(phase);
    this.current = undefined;
    return phase;
  }

  /** The emulator's peak RSS over the whole run, in MiB, and whether the per-phase peaks are exact. */
  overallPeak(): { mib: number; exact: boolean } {
    const peaks = this.phases.map((phase) => phase.peak);
    return { mib: Math.max(this.startupPeakKb * MIB_PER_KB, ...peaks), exact: this.hwmResets };
  }
}

/** Prints one row per phase of a monitored process: wall time, its CPU time and share, RSS before/peak/after. */
export function printPhaseTable(
  title: string,
  phases: readonly PhaseStats[],
  format: { ms: (n: number) => string; rss: (mib: number) => string },
): void {
  const percent = (n: number) => String(Math.round(n));
  const table = [
    ["phase", "wall", "CPU", "RSS before", "peak", "after"],
    ...phases.map((phase) => [
      phase.phase,
      format.ms(phase.wallMs),
      `${format.ms(phase.cpuMs)} (${percent((phase.cpuMs / Math.max(1, phase.wallMs)) * 100)}%)`,
      format.rss(phase.before),
      format.rss(phase.peak),
      format.rss(phase.after),
    ]),
  ];
  const widths =
    table[0]?.map((_, column) => Math.max(...table.map((cells) => cells[column]?.length ?? 0))) ?? [];
  const cores = os.cpus().length;
  console.log(`\n${title} (CPU = user + system time; ${cores} cores make ${cores * 100}%)`);
  for (const cells of table) {
    const [name = "", ...rest] = cells;
    const padded = rest.map((cell, i) => cell.padStart((widths[i + 1] ?? 0) + 3));
    console.log(`  ${name.padEnd(widths[0] ?? 0)}${padded.join("")}`);
  }
}
