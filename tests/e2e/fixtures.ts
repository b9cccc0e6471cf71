// Batches for the browser tests, made the way a script would: POST /api/batches with a JSONL body.
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import type { MessageBatch } from "../../lib/schemas/batch";

interface BatchSpec {
  requests: number;
  /** How many of them the emulator should answer as errored (`[emulator:api_error]`). */
  errored?: number;
}

function jsonl({ requests, errored = 0 }: BatchSpec): string {
  return Array.from({ length: requests }, (_, i) =>
    JSON.stringify({
      custom_id: `e2e-${i + 1}`,
      params: {
        model: "claude-sonnet-4-6",
        max_tokens: 16,
        messages: [
          { role: "user", content: i < errored ? `Fail please [emulator:api_error] ${i}` : `Hi ${i}` },
        ],
      },
    }),
  ).join("\n");
}

function origin(): string {
  const baseURL = test.info().project.use.baseURL;
  if (!baseURL) throw new Error("playwright.config.ts sets use.baseURL");
  return new URL(baseURL).origin;
}

export async function createBatch(request: APIRequestContext, spec: BatchSpec): Promise<MessageBatch> {
  const response = await request.post("/api/batches", {
    data: jsonl(spec),
    headers: { "content-type": "application/x-ndjson", "x-dashboard-upload": "1", origin: origin() },
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as MessageBatch;
}

async function getBatch(request: APIRequestContext, id: string): Promise<MessageBatch> {
  const response = await request.get(`/api/batches/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as MessageBatch;
}

export async function waitUntilEnded(request: APIRequestContext, id: string): Promise<MessageBatch> {
  await expect
    .poll(async () => (await getBatch(request, id)).processing_status, { timeout: 60_000 })
    .toBe("ended");
  return getBatch(request, id);
}

/** Stops a batch a test no longer needs, so it does not take the emulator's shared rate from the others. */
export async function cancelQuietly(request: APIRequestContext, id: string): Promise<void> {
  await request.post(`/api/batches/${id}/cancel`, { headers: { origin: origin() } });
}

/** What the dashboard says when the upstream answers 529 (lib/anthropic/errors.ts). */
export const OVERLOADED_MESSAGE = "The Anthropic API is overloaded (Overloaded). Try again shortly.";

/** A 503 envelope as the dashboard answers an overloaded upstream. */
export const OVERLOADED = {
  status: 503,
  contentType: "application/json",
  body: JSON.stringify({
    error: {
      code: "upstream_overloaded",
      message: OVERLOADED_MESSAGE,
      request_id: "req_e2e_overloaded_01",
    },
  }),
};

/** Console errors and uncaught exceptions (hydration mismatches included) for the whole test. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}
