import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkStartupPolicy } from "../../../lib/cli/startup-policy";

const PASSWORD = "a long enough password";
const root = join(import.meta.dirname, "..", "..", "..");

function refusal(env: Record<string, string>): string {
  const result = checkStartupPolicy(env);
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result.message;
}

describe("checkStartupPolicy", () => {
  it("starts on 127.0.0.1:3000 without any setting, and passes the address down", () => {
    const plan = checkStartupPolicy({});
    expect(plan).toEqual({
      ok: true,
      host: "127.0.0.1",
      port: 3000,
      serverEnv: { BATCHBOARD_HOST: "127.0.0.1", BATCHBOARD_PORT: "3000" },
      accessLine: "Access: no password: only this machine can connect",
    });
  });

  it.each(["::1", "localhost", "127.0.0.2"])("needs no password on the loopback address %s", (host) => {
    expect(checkStartupPolicy({ HOST: host, PORT: "3917" }).ok).toBe(true);
  });

  it.each([
    [{ HOST: "0.0.0.0" }, "DASHBOARD_PASSWORD and PUBLIC_ORIGIN"],
    [{ HOST: "0.0.0.0", DASHBOARD_PASSWORD: PASSWORD }, "without PUBLIC_ORIGIN,"],
    [{ HOST: "::", PUBLIC_ORIGIN: "https://batches.example.com" }, "without DASHBOARD_PASSWORD,"],
    [{ HOST: "192.168.1.20", DASHBOARD_PASSWORD: "" }, "DASHBOARD_PASSWORD and PUBLIC_ORIGIN"],
  ])("refuses a network address without both settings: %j", (env, missing) => {
    const message = refusal(env);
    expect(message).toContain(`HOST=${env.HOST}`);
    expect(message).toContain(missing);
    expect(message).not.toContain("\n");
  });

  it("refuses a password shorter than 16 characters anywhere, without echoing it", () => {
    const message = refusal({ DASHBOARD_PASSWORD: "hunter2-hunter2" });
    expect(message).toMatch(/DASHBOARD_PASSWORD must be at least 16 characters/);
    expect(message).not.toContain("hunter2");
  });

  it("starts on a network address with a password and an https origin", () => {
    const plan = checkStartupPolicy({
      HOST: "0.0.0.0",
      PORT: "8080",
      DASHBOARD_PASSWORD: PASSWORD,
      DASHBOARD_API_TOKEN: "token-0123456789abcdef",
      PUBLIC_ORIGIN: "https://batches.example.com",
      TRUST_PROXY: "1",
    });
    expect(plan).toMatchObject({ ok: true, host: "0.0.0.0", port: 8080 });
    if (!plan.ok) return;
    expect(plan.accessLine).toBe(
      "Access: sign-in required (DASHBOARD_PASSWORD, at least 16 characters) · API token accepted · public origin https://batches.example.com · trusting X-Forwarded-* from a reverse proxy",
    );
    expect(plan.accessLine).not.toContain(PASSWORD);
    expect(plan.accessLine).not.toContain("token-0123456789abcdef");
  });

  it("refuses a public origin on a network name without a password, even on loopback (a reverse proxy)", () => {
    const message = refusal({ PUBLIC_ORIGIN: "https://batches.example.com" });
    expect(message).toMatch(/PUBLIC_ORIGIN=https:\/\/batches\.example\.com means other machines reach/);
    expect(message).toContain("DASHBOARD_PASSWORD");
    expect(
      checkStartupPolicy({ PUBLIC_ORIGIN: "https://batches.example.com", DASHBOARD_PASSWORD: PASSWORD }).ok,
    ).toBe(true);
  });

  it("refuses a plain-http public origin on a network name unless ALLOW_INSECURE_HTTP=1", () => {
    const env = { HOST: "0.0.0.0", DASHBOARD_PASSWORD: PASSWORD, PUBLIC_ORIGIN: "http://192.168.1.20:3000" };
    expect(refusal(env)).toMatch(
      /PUBLIC_ORIGIN=http:\/\/192\.168\.1\.20:3000 is plain http.*ALLOW_INSECURE_HTTP=1/,
    );
    expect(checkStartupPolicy({ ...env, ALLOW_INSECURE_HTTP: "1" }).ok).toBe(true);
    // Plain http to a loopback name is fine (an SSH tunnel, or a proxy on the same machine).
    expect(checkStartupPolicy({ PUBLIC_ORIGIN: "http://localhost:8080" }).ok).toBe(true);
  });

  it.each([
    [{ NEXT_PUBLIC_KEY: "sk-ant-api03-abcdef" }, "NEXT_PUBLIC_KEY holds"],
    [{ ANTHROPIC_API_KEY: "custom-key-value", NEXT_PUBLIC_X: "custom-key-value" }, "NEXT_PUBLIC_X holds"],
    [{ DASHBOARD_PASSWORD: PASSWORD, NEXT_PUBLIC_PW: PASSWORD }, "NEXT_PUBLIC_PW holds"],
    [{ NEXT_PUBLIC_B: "SK-ANT-x", NEXT_PUBLIC_A: "x sk-ant-y" }, "NEXT_PUBLIC_A, NEXT_PUBLIC_B hold"],
  ])("refuses a key in a NEXT_PUBLIC_ variable: %j", (env, expected) => {
    const message = refusal(env);
    expect(message).toContain(expected);
    expect(message).not.toMatch(/sk-ant-|custom-key-value/i);
  });

  it("ignores harmless NEXT_PUBLIC_ values and empty ones", () => {
    expect(
      checkStartupPolicy({ NEXT_PUBLIC_TITLE: "Batches", NEXT_PUBLIC_EMPTY: "", ANTHROPIC_API_KEY: "" }).ok,
    ).toBe(true);
  });

  it("refuses a bad port with the variable's name", () => {
    expect(refusal({ PORT: "99999" })).toMatch(/^PORT must be a port number/);
  });
});

describe("the launcher", () => {
  function launch(env: Record<string, string>) {
    return spawnSync(
      process.execPath,
      [join(root, "node_modules", "tsx", "dist", "cli.mjs"), "lib/cli/start.ts"],
      {
        cwd: root,
        // Only what the launcher needs, so no setting from the shell running the tests leaks in.
        env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
        encoding: "utf8",
        timeout: 30_000,
      },
    );
  }

  it("exits 1 with the reason, before building or listening, for HOST=0.0.0.0 without a password", () => {
    const result = launch({ HOST: "0.0.0.0", PORT: "3999" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "Batchboard will not listen on HOST=0.0.0.0 without DASHBOARD_PASSWORD and PUBLIC_ORIGIN",
    );
    expect(result.stdout).toBe("");
  });

  it("exits 1 for a key in a NEXT_PUBLIC_ variable, naming the variable only", () => {
    const result = launch({ NEXT_PUBLIC_ANTHROPIC_KEY: "sk-ant-api03-canary" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("NEXT_PUBLIC_ANTHROPIC_KEY");
    expect(result.stderr).not.toContain("canary");
  });
});
