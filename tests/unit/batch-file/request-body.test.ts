import { describe, expect, it } from "vitest";
import { bodyByteLength, requestBodyChunks } from "../../../lib/batch-file/request-body";
import { line, request, validate } from "./helpers";

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<{ text: string; sizes: number[] }> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  const all = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return { text: new TextDecoder().decode(all), sizes: parts.map((part) => part.length) };
}

async function* lazily(items: string[]): AsyncGenerator<string> {
  for (const item of items) yield item;
}

describe("requestBodyChunks", () => {
  it("streams exactly the body the validator measured", async () => {
    const requests = [request("a", { system: "naïve 👍" }), request("b"), request("c")];
    const { summary, canonical } = validate("jsonl", requests.map(line).join("\n"));
    const texts = canonical.map((entry) => entry.text);
    const { text } = await collect(requestBodyChunks(lazily(texts)));
    expect(JSON.parse(text)).toEqual({ requests });
    expect(new TextEncoder().encode(text).length).toBe(summary.bodyBytes);
    expect(bodyByteLength(texts)).toBe(summary.bodyBytes);
  });

  it("batches into chunks of about the size asked for", async () => {
    const texts = Array.from({ length: 100 }, (_, i) => line(request(`r${i}`)));
    const { text, sizes } = await collect(requestBodyChunks(texts, 1000));
    expect(JSON.parse(text).requests).toHaveLength(100);
    expect(sizes.length).toBeGreaterThan(5);
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThanOrEqual(1000);
    expect(sizes.slice(0, -1).every((size) => size < 1000 + 200)).toBe(true);
  });

  it("makes an empty list into an empty array", async () => {
    expect((await collect(requestBodyChunks([]))).text).toBe('{"requests":[]}');
    expect(bodyByteLength([])).toBe(15);
  });
});
