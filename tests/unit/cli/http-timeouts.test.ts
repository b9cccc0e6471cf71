import http from "node:http";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

describe("the server preload (lib/cli/http-timeouts.cjs)", () => {
  it("lifts Node's 300 s request timeout from every server Next creates, and keeps the header timeout", () => {
    expect(http.createServer().requestTimeout).toBe(300_000);
    createRequire(import.meta.url)("../../../lib/cli/http-timeouts.cjs");
    const server = http.createServer();
    expect(server.requestTimeout).toBe(0);
    expect(server.headersTimeout).toBe(60_000);
  });
});
