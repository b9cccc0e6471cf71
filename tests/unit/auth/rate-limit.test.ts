import { describe, expect, it } from "vitest";
import { clientKey, LoginLimiter, type LoginLimiterOptions } from "../../../lib/auth/rate-limit";

function limiter(options: LoginLimiterOptions = {}) {
  let now = 1_000_000;
  const clock = {
    advance: (ms: number) => {
      now += ms;
    },
  };
  return { limiter: new LoginLimiter({ now: () => now, ...options }), clock };
}

describe("LoginLimiter, per client", () => {
  it("admits 5 attempts a minute, then refuses with the time until the oldest one expires", () => {
    const { limiter: l, clock } = limiter();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(l.admit("10.0.0.1")).toEqual({ allowed: true, waitMs: 0 });
      clock.advance(1_000);
    }
    expect(l.admit("10.0.0.1")).toEqual({ allowed: false, retryAfterSeconds: 55 });
    // Another client is not affected.
    expect(l.admit("10.0.0.2").allowed).toBe(true);
  });

  it("admits again once the window has slid past the oldest attempt", () => {
    const { limiter: l, clock } = limiter();
    for (let attempt = 0; attempt < 5; attempt++) l.admit("a");
    clock.advance(59_999);
    expect(l.admit("a").allowed).toBe(false);
    clock.advance(1);
    expect(l.admit("a").allowed).toBe(true);
  });

  it("counts an attempt when it is admitted, so a parallel burst cannot get past 5", () => {
    const { limiter: l } = limiter();
    const results = Array.from({ length: 50 }, () => l.admit("burst"));
    expect(results.filter((result) => result.allowed)).toHaveLength(5);
  });

  it("clears a client's count on a correct password", () => {
    const { limiter: l } = limiter();
    for (let attempt = 0; attempt < 4; attempt++) l.admit("a");
    l.succeeded("a");
    for (let attempt = 0; attempt < 5; attempt++) expect(l.admit("a").allowed).toBe(true);
    expect(l.admit("a").allowed).toBe(false);
  });

  it("keeps refusing a client that goes on trying (refusals do not extend the window)", () => {
    const { limiter: l, clock } = limiter();
    for (let attempt = 0; attempt < 5; attempt++) l.admit("a");
    for (let second = 0; second < 30; second++) {
      clock.advance(1_000);
      expect(l.admit("a").allowed).toBe(false);
    }
    clock.advance(30_000);
    expect(l.admit("a").allowed).toBe(true);
  });
});

describe("LoginLimiter, global pace", () => {
  it("does not slow anyone down below the free allowance", () => {
    const { limiter: l } = limiter();
    for (let client = 0; client < 10; client++)
      expect(l.admit(`c${client}`)).toEqual({ allowed: true, waitMs: 0 });
    expect(l.globalDelayMs()).toBe(0);
  });

  it("spaces attempts exponentially once many clients have tried, up to the cap", () => {
    const { limiter: l } = limiter({ globalBaseDelayMs: 100, globalMaxDelayMs: 1_000, maxWaitMs: 60_000 });
    for (let client = 0; client < 10; client++) l.admit(`c${client}`);
    const delays: number[] = [];
    for (let client = 10; client < 16; client++) {
      l.admit(`c${client}`);
      delays.push(l.globalDelayMs());
    }
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it("makes each further attempt wait its turn, and refuses with 429 beyond the longest wait", () => {
    const { limiter: l } = limiter({ globalBaseDelayMs: 1_000, globalMaxDelayMs: 1_000, maxWaitMs: 3_000 });
    for (let client = 0; client < 11; client++) l.admit(`c${client}`);
    // Rotating client keys does not help: the pace is global.
    expect(l.admit("x1")).toEqual({ allowed: true, waitMs: 0 });
    expect(l.admit("x2")).toEqual({ allowed: true, waitMs: 1_000 });
    expect(l.admit("x3")).toEqual({ allowed: true, waitMs: 2_000 });
    expect(l.admit("x4")).toEqual({ allowed: true, waitMs: 3_000 });
    expect(l.admit("x5")).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });

  it("relaxes once the attempts are more than a window old", () => {
    const { limiter: l, clock } = limiter();
    for (let client = 0; client < 20; client++) l.admit(`c${client}`);
    expect(l.globalDelayMs()).toBeGreaterThan(0);
    clock.advance(60_001);
    expect(l.globalDelayMs()).toBe(0);
  });
});

describe("clientKey", () => {
  const headers = (forwarded?: string) => new Headers(forwarded ? { "x-forwarded-for": forwarded } : {});

  it("uses what Next put in x-forwarded-for (the socket address) without a trusted proxy", () => {
    expect(clientKey(headers("127.0.0.1"), false)).toBe("127.0.0.1");
    expect(clientKey(headers("1.1.1.1, 2.2.2.2"), false)).toBe("1.1.1.1, 2.2.2.2");
  });

  it("uses the address the proxy saw (the last entry) behind a trusted proxy", () => {
    expect(clientKey(headers("6.6.6.6, 203.0.113.9"), true)).toBe("203.0.113.9");
  });

  it("has a key even without the header, and bounds its length", () => {
    expect(clientKey(headers(), false)).toBe("unknown");
    expect(clientKey(headers("x".repeat(500)), false)).toHaveLength(100);
  });
});
