/**
 * The benches' seeded files are written by a child process running the generator's own module as a script:
 * the generator's garbage never lives in the bench's process, whose RSS, GC and in-process baselines it
 * would skew.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { BenchFailure } from "./bench-report";
import { exitDescription } from "./emulator-child";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Runs `script` under `node --import tsx` with `args`; resolves with the last line it printed. */
export async function runScript(what: string, script: string, args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  await new Promise((resolve) => child.once("exit", resolve));
  process.off("exit", killOnExit);
  if (child.exitCode !== 0) throw new BenchFailure(`${what}: ${exitDescription(child)}`);
  return stdout.trim().split("\n").at(-1) ?? "";
}

/** True in the module that `node` was asked to run, false where it is imported. */
export const isScript = (moduleUrl: string) => process.argv[1] === fileURLToPath(moduleUrl);

/** The script side: runs `main`, then exits 0, or 1 with the error on stderr. */
export function runAsScript(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
