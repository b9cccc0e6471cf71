// The dashboard as a user starts it: `npm start`'s launcher (lib/cli/start.ts) with the embedded emulator,
// as a child process group on a loopback port, so a spec can test what the launcher itself decides (bind
// address, access mode) and kill it like a user's Ctrl-C or a crash would.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT, sleep } from "../api/harness";

const START_WAIT_MS = 90_000;

export interface Launched {
  origin: string;
  /** The embedded emulator's URL, as the launcher prints it. */
  emulatorUrl: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the launcher and its server printed so far. */
  output(): string;
  /** SIGTERM to the whole group (SIGKILL after 10 s); the data directory is removed unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

async function healthy(origin: string): Promise<boolean> {
  try {
    const response = await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** The launcher as a child process, in its own process group so that it and its Next child stop together. */
export function spawnLauncher(
  port: number,
  env: Record<string, string>,
  dataDir: string,
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "lib/cli/start.ts", "--no-build"],
    {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        HOST: "127.0.0.1",
        PORT: String(port),
        ANTHROPIC_API_KEY: "",
        EMULATOR_DATA_DIR: join(dataDir, "emulator"),
        BATCHBOARD_DATA_DIR: dataDir,
        ...env,
      },
    },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/**
 * Starts `lib/cli/start.ts --no-build` (the build is made before the tests; a rebuild here would replace
 * the files under other servers) and waits for /api/health. `dataDir` reuses a directory, as a restart does.
 */
export async function launch(
  port: number,
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(ROOT, ".data", "e2e-launch-")),
): Promise<Launched> {
  mkdirSync(dataDir, { recursive: true });
  const { child, output, exited } = spawnLauncher(port, env, dataDir);
  const origin = `http://127.0.0.1:${port}`;

  const stop = async (options: { keepData?: boolean } = {}) => {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, "SIGTERM");
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_WAIT_MS;
  while (!(await healthy(origin))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the launcher on port ${port} did not start:\n${output()}`);
    }
    await sleep(250);
  }
  const emulatorUrl = /embedded emulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1] ?? "";
  return { origin, emulatorUrl, dataDir, child, output, stop };
}
