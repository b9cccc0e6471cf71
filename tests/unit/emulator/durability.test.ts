/**
 * The standalone CLI as a real child process: crash it with SIGKILL in the middle of a batch, start it
 * again on the same data dir, and the batch must end with every result exactly once. SIGINT/SIGTERM
 * must shut it down cleanly (exit 0) with its state on disk.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import {
  api,
  cleanEnv,
  cleanupEmulators,
  createBatchRaw,
  makeRequests,
  makeTempDir,
  PROJECT_ROOT,
  parseJsonl,
  pollUntil,
  retrieveRaw,
  TSX_BIN,
  totalOf,
  type WireBatch,
  waitForEndedRaw,
} from "./helpers";

interface CliProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

const children = new Set<ChildProcess>();

afterEach(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  children.clear();
  await cleanupEmulators();
});

/** Starts `tsx lib/emulator/cli.ts --port 0` in its own process group and waits for its URL on stdout. */
function spawnCli(dataDir: string, env: Record<string, string> = {}): Promise<CliProcess> {
  const child = spawn(TSX_BIN, ["lib/emulator/cli.ts", "--port", "0", "--host", "127.0.0.1"], {
    cwd: PROJECT_ROOT,
    env: cleanEnv({ EMULATOR_DATA_DIR: dataDir, ...env }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  const output = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`CLI did not print its URL in time\n${output()}`)),
      30_000,
    );
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      const m = /http:\/\/127\.0\.0\.1:([1-9]\d*)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${m[1]}`, exited, output });
      }
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited early (code ${code}, signal ${signal})\n${output()}`));
    });
  });
}

async function crash(cli: CliProcess) {
  if (cli.child.pid === undefined) throw new Error("no pid");
  process.kill(-cli.child.pid, "SIGKILL");
  await cli.exited;
}

const ENV = {
  EMULATOR_RATE: "40",
  EMULATOR_LATENCY_MS: "10",
  EMULATOR_CONCURRENCY: "4",
  EMULATOR_COUNTS: "incremental",
};

describe("durability: the standalone CLI", () => {
  it("survives SIGKILL twice in the middle of a 200-request batch with every result exactly once", async () => {
    const dataDir = await makeTempDir();
    const requests = makeRequests(200, "kill");

    let cli = await spawnCli(dataDir, ENV);
    const created = await createBatchRaw(cli.url, requests);
    expect(created.status, created.text).toBe(200);
    const id = created.json.id;

    const done = (b: WireBatch) => totalOf(b.request_counts) - b.request_counts.processing;
    const progressTo = (url: string, n: number) =>
      pollUntil(
        async () => (await retrieveRaw(url, id)).json,
        (b) => done(b) >= n || b.processing_status === "ended",
        { what: `${n} finished requests` },
      );

    const first = await progressTo(cli.url, 30);
    expect(first.processing_status).toBe("in_progress");
    await crash(cli);

    cli = await spawnCli(dataDir, ENV);
    const resumed = (await retrieveRaw(cli.url, id)).json;
    expect(resumed.id).toBe(id);
    expect(resumed.created_at).toBe(created.json.created_at);
    expect(totalOf(resumed.request_counts)).toBe(200);
    const second = await progressTo(cli.url, 100);
    expect(second.processing_status).toBe("in_progress");
    await crash(cli);

    cli = await spawnCli(dataDir, ENV);
    const ended = await waitForEndedRaw(cli.url, id, { timeoutMs: 40_000 });
    expect(ended.request_counts.processing).toBe(0);
    expect(totalOf(ended.request_counts)).toBe(200);
    expect(ended.request_counts.succeeded).toBe(200);

    const res = await api(cli.url, `/v1/messages/batches/${id}/results`);
    expect(res.status).toBe(200);
    const lines = parseJsonl(res.text);
    expect(lines).toHaveLength(200);
    const ids = lines.map((l) => l.custom_id);
    expect(new Set(ids).size).toBe(200);
    expect([...ids].sort()).toEqual(requests.map((r) => r.custom_id).sort());
    const succeeded = lines.filter((l) => l.result.type === "succeeded").length;
    expect(succeeded).toBe(ended.request_counts.succeeded);

    const list = await api<{ data: WireBatch[] }>(cli.url, "/v1/messages/batches");
    expect(list.json.data.map((b) => b.id)).toEqual([id]);
  });

  it.each(["SIGINT", "SIGTERM"] as const)("exits 0 on %s with its state flushed", async (signal) => {
    const dataDir = await makeTempDir();
    const cli = await spawnCli(dataDir, { EMULATOR_RATE: "1" });
    const created = await createBatchRaw(cli.url, makeRequests(3));
    expect(created.status).toBe(200);

    cli.child.kill(signal);
    const exit = await cli.exited;
    expect(exit, cli.output()).toEqual({ code: 0, signal: null });

    const again = await spawnCli(dataDir, { EMULATOR_RATE: "1000" });
    const got = await retrieveRaw(again.url, created.json.id);
    expect(got.status).toBe(200);
    expect(got.json.created_at).toBe(created.json.created_at);
    again.child.kill("SIGTERM");
    await again.exited;
  });
});
