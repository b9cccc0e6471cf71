import { describe, expect, it } from "vitest";
import { SharedReads } from "../../../lib/anthropic/shared-reads";

/** A call that counts how often it ran and settles when the test says so. */
function controlledCall<T>() {
  let runs = 0;
  let settle: { resolve: (value: T) => void; reject: (error: Error) => void } | undefined;
  const call = () => {
    runs += 1;
    return new Promise<T>((resolve, reject) => {
      settle = { resolve, reject };
    });
  };
  return {
    call,
    runs: () => runs,
    resolve: (value: T) => settle?.resolve(value),
    reject: (error: Error) => settle?.reject(error),
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("SharedReads", () => {
  it("gives identical reads in flight one call and one answer", async () => {
    const reads = new SharedReads(1_000, () => 0);
    const upstream = controlledCall<string>();
    const answers = [
      reads.read("a", upstream.call),
      reads.read("a", upstream.call),
      reads.read("a", upstream.call),
    ];
    upstream.resolve("state");
    expect(await Promise.all(answers)).toEqual(["state", "state", "state"]);
    expect(upstream.runs()).toBe(1);
  });

  it("shares an answer for freshMs after it arrived, then calls again", async () => {
    let now = 0;
    const reads = new SharedReads(1_000, () => now);
    const upstream = controlledCall<number>();
    const first = reads.read("a", upstream.call);
    now = 5_000;
    upstream.resolve(1);
    await first;
    await flush();
    now = 5_999;
    expect(await reads.read("a", upstream.call)).toBe(1);
    expect(upstream.runs()).toBe(1);
    now = 6_000;
    const second = reads.read("a", upstream.call);
    expect(upstream.runs()).toBe(2);
    upstream.resolve(2);
    expect(await second).toBe(2);
  });

  it("never shares a failure: the next read calls again", async () => {
    const reads = new SharedReads(1_000, () => 0);
    const upstream = controlledCall<string>();
    const failing = reads.read("a", upstream.call);
    const joined = reads.read("a", upstream.call);
    upstream.reject(new Error("529"));
    await expect(failing).rejects.toThrow("529");
    await expect(joined).rejects.toThrow("529");
    await flush();
    const retry = reads.read("a", upstream.call);
    expect(upstream.runs()).toBe(2);
    upstream.resolve("ok");
    expect(await retry).toBe("ok");
  });

  it("keeps different keys apart", async () => {
    const reads = new SharedReads(1_000, () => 0);
    const upstream = controlledCall<string>();
    void reads.read("retrieve:msgbatch_a", upstream.call);
    void reads.read("retrieve:msgbatch_b", upstream.call);
    expect(upstream.runs()).toBe(2);
  });

  it("forgets answers by prefix, so a change made through us is seen at once", async () => {
    const reads = new SharedReads(1_000, () => 0);
    let version = 0;
    const call = async () => ++version;
    expect(await reads.read("list:20::", call)).toBe(1);
    expect(await reads.read("retrieve:msgbatch_a", call)).toBe(2);
    await flush();
    reads.forget("list:");
    expect(await reads.read("list:20::", call)).toBe(3);
    expect(await reads.read("retrieve:msgbatch_a", call)).toBe(2);
  });
});
