import { describe, expect, it } from "vitest";
import {
  httpUrl,
  isLoopbackHost,
  parsePort,
  refuseNonLoopbackMessage,
} from "../../../lib/cli/listen-address";

describe("isLoopbackHost", () => {
  it.each(["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "::ffff:127.0.0.1"])(
    "accepts %s",
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );

  it.each([
    "0.0.0.0",
    "::",
    "192.168.1.10",
    "10.0.0.1",
    "example.com",
    "localhost.example.com",
    "128.0.0.1",
    "",
  ])("refuses %s", (host) => expect(isLoopbackHost(host)).toBe(false));
});

describe("parsePort", () => {
  it("reads a port", () => expect(parsePort("3917", "PORT")).toBe(3917));

  it.each(["0", "65536", "-1", "30.5", "abc", ""])("rejects %j and names the variable", (value) => {
    expect(() => parsePort(value, "PORT")).toThrow(/^PORT must be a port number/);
  });
});

describe("httpUrl", () => {
  it("brackets IPv6 hosts", () => {
    expect(httpUrl("127.0.0.1", 3000)).toBe("http://127.0.0.1:3000");
    expect(httpUrl("::1", 3000)).toBe("http://[::1]:3000");
    expect(httpUrl("[::1]", 3000)).toBe("http://[::1]:3000");
  });
});

describe("refuseNonLoopbackMessage", () => {
  it("is one paragraph that names the host, what is missing and the reason", () => {
    const message = refuseNonLoopbackMessage("0.0.0.0");
    expect(message).not.toContain("\n");
    expect(message).toContain("HOST=0.0.0.0 without DASHBOARD_PASSWORD and PUBLIC_ORIGIN");
    expect(message).toMatch(/API key/);
    expect(message).toMatch(/SSH tunnel/);
  });

  it("names only the missing setting", () => {
    expect(refuseNonLoopbackMessage("::", ["PUBLIC_ORIGIN"])).toContain("HOST=:: without PUBLIC_ORIGIN,");
  });
});
