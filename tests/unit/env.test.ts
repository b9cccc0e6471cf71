import { afterEach, describe, expect, it, vi } from "vitest";

// `server-only` throws outside React's server bundle; the module under test is plain Node here.
vi.mock("server-only", () => ({}));

async function loadEnv(vars: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  vi.resetModules();
  return (await import("../../lib/env")).env;
}

afterEach(() => vi.unstubAllEnvs());

describe("env", () => {
  it("defaults the base URL and the mode, and treats empty strings as unset", async () => {
    const env = await loadEnv({ ANTHROPIC_API_KEY: "", ANTHROPIC_BASE_URL: "", BATCHBOARD_MODE: "" });
    expect(env).toEqual({
      ANTHROPIC_API_KEY: undefined,
      ANTHROPIC_BASE_URL: "https://api.anthropic.com",
      BATCHBOARD_MODE: "anthropic",
    });
  });

  it("reads what the launcher passes in emulator mode", async () => {
    const env = await loadEnv({
      ANTHROPIC_API_KEY: "emulator-key",
      ANTHROPIC_BASE_URL: "http://127.0.0.1:40123",
      BATCHBOARD_MODE: "emulator",
    });
    expect(env.BATCHBOARD_MODE).toBe("emulator");
    expect(env.ANTHROPIC_BASE_URL).toBe("http://127.0.0.1:40123");
  });

  it.each([
    ["BATCHBOARD_MODE", "staging"],
    ["ANTHROPIC_BASE_URL", "not a url"],
    ["ANTHROPIC_BASE_URL", "ftp://example.com"],
  ])("rejects %s=%s", async (name, value) => {
    await expect(loadEnv({ [name]: value })).rejects.toThrow();
  });
});
