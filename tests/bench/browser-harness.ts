/**
 * What the Chromium benches (bench:upload, bench:results) share: the headless browser, closed by the
 * session before the server it talks to; the JS heap of the page's workers sampled through CDP; and the
 * renderer processes' RSS from /proc.
 */
import { existsSync } from "node:fs";
import { type Browser, type CDPSession, chromium } from "@playwright/test";
import { SYSTEM_CHROMIUM, SYSTEM_CHROMIUM_ARGS } from "../system-chromium";
import { log, msText } from "./bench-report";
import type { Session } from "./dashboard-harness";
import { type PhaseStats, ProcessMonitor } from "./emulator-child";

export const HEAP_SAMPLE_MS = 50;
const WORKER_ATTACH_TIMEOUT_MS = 10_000;
const LAUNCH_TIMEOUT_MS = 60_000;

export async function launchBrowser(session: Session): Promise<Browser> {
  const system = existsSync(SYSTEM_CHROMIUM);
  const browser = await chromium.launch({
    ...(system && { executablePath: SYSTEM_CHROMIUM, args: SYSTEM_CHROMIUM_ARGS }),
    // The session closes the browser on Ctrl-C, before it stops the server the page talks to.
    handleSIGINT: false,
    handleSIGTERM: false,
    timeout: LAUNCH_TIMEOUT_MS,
  });
  session.closeFirst = () => browser.close();
  log(`browser: ${system ? SYSTEM_CHROMIUM : "Playwright's chromium"} ${browser.version()}`);
  return browser;
}

export interface HeapWindow {
  peakUsed: number;
  peakTotal: number;
  samples: number;
}

/**
 * The JS heap of the page's dedicated workers, `Runtime.getHeapUsage` every 50 ms. Playwright opens CDP
 * sessions for pages and frames only, so each worker target is attached from the browser's session without
 * flattening and spoken to through `Target.sendMessageToTarget`.
 */
export class WorkerHeaps {
  /** Attached workers by CDP session id, and whether a sample is awaited from each. */
  private readonly sessions = new Map<string, { awaiting: boolean }>();
  private nextId = 0;
  private timer: NodeJS.Timeout | undefined;
  private window: HeapWindow | undefined;
  /** Why a worker could not be sampled, for the report. */
  problem: string | undefined;

  constructor(private readonly cdp: CDPSession) {}

  async start(): Promise<void> {
    this.cdp.on("Target.targetCreated", ({ targetInfo }) => {
      if (targetInfo.type === "worker") this.attach(targetInfo.targetId);
    });
    this.cdp.on("Target.detachedFromTarget", ({ sessionId }) => {
      if (sessionId) this.sessions.delete(sessionId);
    });
    this.cdp.on("Target.receivedMessageFromTarget", ({ sessionId, message }) =>
      this.receive(sessionId, message),
    );
    await this.cdp.send("Target.setDiscoverTargets", { discover: true });
    this.timer = setInterval(() => this.sample(), HEAP_SAMPLE_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  get attached(): number {
    return this.sessions.size;
  }

  /** Samples from now on count towards the window's peak. */
  open(): void {
    this.window = { peakUsed: 0, peakTotal: 0, samples: 0 };
  }

  close(): HeapWindow {
    const window = this.window ?? { peakUsed: 0, peakTotal: 0, samples: 0 };
    this.window = undefined;
    return window;
  }

  private attach(targetId: string): void {
    this.cdp.send("Target.attachToTarget", { targetId, flatten: false }).then(
      ({ sessionId }) => this.sessions.set(sessionId, { awaiting: false }),
      (error: unknown) => {
        this.problem = `Target.attachToTarget: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
  }

  private sample(): void {
    for (const [sessionId, state] of this.sessions) {
      // A worker busy in a long synchronous stretch answers late; one question at a time each.
      if (state.awaiting) continue;
      state.awaiting = true;
      this.nextId += 1;
      const message = JSON.stringify({ id: this.nextId, method: "Runtime.getHeapUsage" });
      this.cdp.send("Target.sendMessageToTarget", { sessionId, message }).catch(() => {
        // Terminated between two samples: its detach event removes it.
        state.awaiting = false;
      });
    }
  }

  private receive(sessionId: string | undefined, message: string): void {
    const state = sessionId ? this.sessions.get(sessionId) : undefined;
    if (state) state.awaiting = false;
    const reply = JSON.parse(message) as {
      result?: { usedSize?: number; totalSize?: number };
      error?: { message?: string };
    };
    if (reply.error) this.problem = `Runtime.getHeapUsage: ${reply.error.message ?? JSON.stringify(reply)}`;
    const used = reply.result?.usedSize;
    const total = reply.result?.totalSize;
    if (!this.window || typeof used !== "number" || typeof total !== "number") return;
    this.window.peakUsed = Math.max(this.window.peakUsed, used);
    this.window.peakTotal = Math.max(this.window.peakTotal, total);
    this.window.samples += 1;
  }
}

/**
 * The renderer processes' RSS from /proc. CDP does not say which renderer runs a page (the worker runs in
 * its page's), so all are watched and the one that used the most CPU in a phase is taken as the page's.
 */
export class RendererMonitors {
  private readonly monitors: ProcessMonitor[] = [];

  constructor(pids: readonly number[]) {
    for (const pid of pids) {
      const monitor = new ProcessMonitor(pid);
      try {
        monitor.start();
        this.monitors.push(monitor);
      } catch {
        // A spare renderer that exited since it was listed.
      }
    }
  }

  begin(phase: string): void {
    for (const monitor of this.monitors) {
      try {
        monitor.begin(phase);
      } catch {
        // Gone: its end() fails too and it is left out.
      }
    }
  }

  /** The busiest renderer's phase. */
  end(): PhaseStats | undefined {
    const phases: PhaseStats[] = [];
    for (const monitor of this.monitors) {
      try {
        phases.push(monitor.end());
      } catch {
        // Gone, or never begun.
      }
    }
    return phases.sort((a, b) => b.cpuMs - a.cpuMs)[0];
  }

  stop(): void {
    for (const monitor of this.monitors) monitor.stop();
  }
}

export async function waitForWorker(heaps: WorkerHeaps, timeoutMs = WORKER_ATTACH_TIMEOUT_MS): Promise<void> {
  const start = Date.now();
  while (heaps.attached === 0 && Date.now() - start < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (heaps.attached === 0) heaps.problem ??= `no worker target attached within ${msText(timeoutMs)}`;
}
