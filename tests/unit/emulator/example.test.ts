/**
 * Runs tests/examples/classify-texts.ts, unchanged, as a child process against an emulator: the user's
 * code path (env-configured client, create, poll, results by custom_id) must work end to end.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  cleanEnv,
  cleanupEmulators,
  getStats,
  runChild,
  startTestEmulator,
  TEST_API_KEY,
  TSX_BIN,
} from "./helpers";

afterEach(cleanupEmulators);

describe("examples: classify-texts.ts", () => {
  it("prints the three classifications sorted by custom_id", async () => {
    const emu = await startTestEmulator({ apiKey: TEST_API_KEY });
    const run = await runChild(TSX_BIN, ["tests/examples/classify-texts.ts"], {
      env: cleanEnv({ ANTHROPIC_API_KEY: TEST_API_KEY, ANTHROPIC_BASE_URL: emu.url }),
      timeoutMs: 50_000,
    });
    const output = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
    expect(run.code, output).toBe(0);

    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0], output).toMatch(/^Created batch: msgbatch_01[A-Za-z0-9]+$/);
    const resultLines = lines.slice(1);
    expect(resultLines, output).toHaveLength(3);
    expect(resultLines[0]).toMatch(/^classify-0: \S.*$/);
    expect(resultLines[1]).toMatch(/^classify-1: \S.*$/);
    expect(resultLines[2]).toMatch(/^classify-2: \S.*$/);

    const stats = await getStats(emu.url);
    expect(stats.calls.create).toBe(1);
    expect(stats.calls.results).toBe(1);
    expect(stats.batches).toBe(1);
  });
});
