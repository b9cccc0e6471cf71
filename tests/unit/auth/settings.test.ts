import { describe, expect, it } from "vitest";
import { DEFAULT_NEXT_PATH, loginPath, safeNextPath } from "../../../lib/auth/next-path";
import { dashboardAddresses, isDashboardOrigin, originForHost } from "../../../lib/auth/origins";
import { parseAuthSettings } from "../../../lib/auth/settings";

describe("parseAuthSettings", () => {
  it("defaults to no password, no token, no origin, port 3000, and treats empty values as unset", () => {
    expect(
      parseAuthSettings({ DASHBOARD_PASSWORD: "", PUBLIC_ORIGIN: "", TRUST_PROXY: "", SESSION_SECRET: "" }),
    ).toEqual({
      password: undefined,
      apiToken: undefined,
      sessionSecret: undefined,
      publicOrigin: undefined,
      trustProxy: false,
      port: 3000,
      host: undefined,
    });
  });

  it("reads every setting, preferring the launcher's BATCHBOARD_PORT to PORT", () => {
    const settings = parseAuthSettings({
      DASHBOARD_PASSWORD: "p".repeat(16),
      DASHBOARD_API_TOKEN: "t".repeat(16),
      SESSION_SECRET: "s".repeat(32),
      PUBLIC_ORIGIN: "https://Batches.Example.com:443/",
      TRUST_PROXY: "1",
      BATCHBOARD_PORT: "3917",
      PORT: "80",
      BATCHBOARD_HOST: "0.0.0.0",
    });
    expect(settings).toEqual({
      password: "p".repeat(16),
      apiToken: "t".repeat(16),
      sessionSecret: "s".repeat(32),
      publicOrigin: "https://batches.example.com",
      trustProxy: true,
      port: 3917,
      host: "0.0.0.0",
    });
    expect(parseAuthSettings({ PORT: "8080" }).port).toBe(8080);
  });

  it.each([
    [{ DASHBOARD_PASSWORD: "p".repeat(15) }, /DASHBOARD_PASSWORD must be at least 16 characters/],
    [{ DASHBOARD_API_TOKEN: "short" }, /DASHBOARD_API_TOKEN must be at least 16 characters/],
    [{ SESSION_SECRET: "s".repeat(31) }, /SESSION_SECRET must be at least 32 characters/],
    [{ PUBLIC_ORIGIN: "batches.example.com" }, /PUBLIC_ORIGIN/],
    [{ PUBLIC_ORIGIN: "https://batches.example.com/dashboard" }, /PUBLIC_ORIGIN must be an origin only/],
    [{ PUBLIC_ORIGIN: "https://user:pw@batches.example.com" }, /PUBLIC_ORIGIN must be an origin only/],
    [{ PUBLIC_ORIGIN: "ftp://batches.example.com" }, /PUBLIC_ORIGIN must start with https:\/\//],
    [{ TRUST_PROXY: "yes" }, /TRUST_PROXY must be 1 or 0/],
    [{ BATCHBOARD_PORT: "70000" }, /BATCHBOARD_PORT must be a port number/],
  ])("rejects %j", (env, message) => {
    expect(() => parseAuthSettings(env)).toThrow(message);
  });

  it("never puts a secret's value in its error message", () => {
    const secret = "fifteen-chars!!";
    expect(() => parseAuthSettings({ DASHBOARD_PASSWORD: secret })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secret) }),
    );
  });
});

describe("dashboard addresses", () => {
  it("answers to the three loopback names on the dashboard's port, plus PUBLIC_ORIGIN", () => {
    const addresses = dashboardAddresses({
      port: 3917,
      publicOrigin: "https://batches.example.com",
      host: undefined,
    });
    expect([...addresses.origins].sort()).toEqual([
      "http://127.0.0.1:3917",
      "http://[::1]:3917",
      "http://localhost:3917",
      "https://batches.example.com",
    ]);
    expect(originForHost("batches.example.com", addresses)).toBe("https://batches.example.com");
    expect(originForHost("batches.example.com:443", addresses)).toBe("https://batches.example.com");
    expect(originForHost("localhost:3917", addresses)).toBe("http://localhost:3917");
    expect(originForHost("localhost:3917.", addresses)).toBeUndefined();
    expect(originForHost(null, addresses)).toBeUndefined();
    expect(isDashboardOrigin("https://batches.example.com", addresses)).toBe(true);
    expect(isDashboardOrigin("https://batches.example.com:8443", addresses)).toBe(false);
    expect(isDashboardOrigin(null, addresses)).toBe(false);
  });

  it("keeps a non-default port of PUBLIC_ORIGIN", () => {
    const addresses = dashboardAddresses({
      port: 3000,
      publicOrigin: "http://10.0.0.5:8080",
      host: "0.0.0.0",
    });
    expect(originForHost("10.0.0.5:8080", addresses)).toBe("http://10.0.0.5:8080");
    expect(originForHost("10.0.0.5", addresses)).toBeUndefined();
    // 0.0.0.0 is not loopback: it adds no name of its own.
    expect(originForHost("0.0.0.0:3000", addresses)).toBeUndefined();
  });
});

describe("safeNextPath", () => {
  it.each(["/batches", "/batches/msgbatch_01?tab=results", "/batches/new#x"])("keeps %s", (path) => {
    expect(safeNextPath(path)).toBe(path);
  });

  it.each([
    "https://evil.test/",
    "//evil.test",
    "/\\evil.test",
    "/\tevil",
    "batches",
    "",
    "/login",
    "/login?next=/x",
    undefined,
    ["/batches"],
  ])("replaces %j with the batch list", (value) => {
    expect(safeNextPath(value)).toBe(DEFAULT_NEXT_PATH);
  });

  it("builds the sign-in address", () => {
    expect(loginPath("/batches")).toBe("/login");
    expect(loginPath("/batches/new")).toBe("/login?next=%2Fbatches%2Fnew");
    expect(loginPath("//evil.test")).toBe("/login");
  });
});
