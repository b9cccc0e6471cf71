// The `npm start` / `npm run dev` launcher: checks the startup policy (bind address, password, origin),
// builds when needed, starts the embedded emulator when there is no API key, then runs Next as a child and
// relays signals to it.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import type { RunningEmulator } from "../emulator/options";
import { isBuildStale } from "./build-freshness";
import { httpUrl } from "./listen-address";
import { checkStartupPolicy } from "./startup-policy";

const root = join(import.meta.dirname, "..", "..");

/** Sent upstream in emulator mode when EMULATOR_API_KEY is unset (the emulator then accepts any key). */
const EMULATOR_PLACEHOLDER_KEY = "emulator-key";

let running: ChildProcess | undefined;

function relaySignal(signal: NodeJS.Signals): void {
  if (running) {
    running.kill(signal);
    return;
  }
  // Nothing to hand the signal to yet (between the build and the server): stop right here.
  process.exit(128 + (constants.signals[signal] ?? 0));
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    running = child;
    child.once("error", (error) => {
      console.error(`batchboard: could not run ${command}: ${error.message}`);
      running = undefined;
      resolve(1);
    });
    child.once("exit", (code, signal) => {
      running = undefined;
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

function runNpmBuild(env: NodeJS.ProcessEnv): Promise<number> {
  // Under `npm start`, npm_execpath names the npm that launched us; reuse it rather than trusting PATH.
  const npmCli = process.env.npm_execpath;
  return npmCli ? run(process.execPath, [npmCli, "run", "build"], env) : run("npm", ["run", "build"], env);
}

async function startEmbeddedEmulator(): Promise<RunningEmulator> {
  const [{ startEmulator }, { emulatorOptionsFromEnv }] = await Promise.all([
    import("../emulator/server"),
    import("../emulator/config"),
  ]);
  // Loopback and a free port: the emulator is the dashboard's private upstream, not a service of its own.
  return startEmulator({ ...emulatorOptionsFromEnv(process.env, []), host: "127.0.0.1", port: 0 });
}

/** lib/cli/http-timeouts.cjs lifts Node's 300 s request limit, which would cut a slow 256 MB upload short. */
function preloads(): string[] {
  const timeouts = join(root, "lib", "cli", "http-timeouts.cjs");
  return existsSync(timeouts) ? ["--require", timeouts] : [];
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const dev = args.includes("--dev");
  // --no-build: serve the build that is there, even if sources changed since (a second instance beside a
  // running one must not rebuild under it).
  const noBuild = args.includes("--no-build");
  const plan = checkStartupPolicy(process.env);
  if (!plan.ok) {
    console.error(plan.message);
    return 1;
  }
  const { host, port } = plan;

  process.on("SIGINT", relaySignal);
  process.on("SIGTERM", relaySignal);

  const env: NodeJS.ProcessEnv = { ...process.env, ...plan.serverEnv, NEXT_TELEMETRY_DISABLED: "1" };

  if (!dev && !noBuild && isBuildStale(root)) {
    console.log("batchboard: the build is missing or older than the sources; running `npm run build` first.");
    const code = await runNpmBuild(env);
    if (code !== 0) return code;
  }

  let emulator: RunningEmulator | undefined;
  let modeLine: string;
  if (process.env.ANTHROPIC_API_KEY) {
    env.BATCHBOARD_MODE = "anthropic";
    modeLine = "Anthropic API mode (ANTHROPIC_API_KEY is set; batches are real and billed)";
  } else {
    emulator = await startEmbeddedEmulator();
    env.ANTHROPIC_BASE_URL = emulator.url;
    env.ANTHROPIC_API_KEY = emulator.options.apiKey ?? EMULATOR_PLACEHOLDER_KEY;
    env.BATCHBOARD_MODE = "emulator";
    modeLine = `emulator mode (embedded emulator at ${emulator.url}; no real API is called)`;
  }

  // Without SESSION_SECRET, sessions are signed with a key made here, so they last as long as this process.
  env.SESSION_SECRET ||= randomBytes(32).toString("base64url");

  const dashboardUrl = httpUrl(host, port);
  console.log(`Batchboard${dev ? " (dev)" : ""}: listening on ${dashboardUrl} · ${modeLine}`);
  console.log(`Batchboard: ${plan.accessLine}`);
  const code = dev
    ? await run(
        process.execPath,
        [join(root, "node_modules", "next", "dist", "bin", "next"), "dev", "-H", host, "-p", String(port)],
        env,
      )
    : await run(process.execPath, [...preloads(), join(root, ".next", "standalone", "server.js")], {
        ...env,
        PORT: String(port),
        HOSTNAME: host,
      });

  await emulator?.close();
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`batchboard: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
