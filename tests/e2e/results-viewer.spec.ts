import { readFileSync } from "node:fs";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { type Stack, startStack, type WireBatch, waitForEnded } from "./api/harness";
import { watchForErrors } from "./fixtures";
import { type ResultKind, ResultsPage } from "./pages/results-page";

// Its own stack: the dashboard in real-API mode against an emulator whose batches expire after 6 s, so one
// batch holds succeeded, errored and expired results; a second one is canceled.
let stack: Stack;
let mixed: WireBatch;
let canceled: WireBatch;
/** Ten requests, done long before the window closes: its three errors are always there. */
let errors: WireBatch;
const UNKNOWN_MODEL = "claude-does-not-exist-9";

const request = (i: number) => {
  const id = `r-${String(i).padStart(4, "0")}`;
  const params: Record<string, unknown> = {
    model: i === 7 ? UNKNOWN_MODEL : "claude-sonnet-4-6",
    max_tokens: i === 8 ? 999_999 : 64,
    messages: [
      { role: "user", content: i % 10 === 3 ? `Fail please [emulator:api_error] ${id}` : `Hello ${id}` },
    ],
  };
  return JSON.stringify({ custom_id: id, params });
};

async function create(api: APIRequestContext, count: number): Promise<WireBatch> {
  const response = await api.post(`${stack.dashboard.origin}/api/batches`, {
    data: Array.from({ length: count }, (_, i) => request(i)).join("\n"),
    headers: {
      "content-type": "application/x-ndjson",
      "x-dashboard-upload": "1",
      origin: stack.dashboard.origin,
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as WireBatch;
}

const total = (batch: WireBatch) => {
  const { succeeded, errored, canceled: c, expired } = batch.request_counts;
  return succeeded + errored + c + expired;
};

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  stack = await startStack({ emulator: { windowMs: 6_000, rate: 40, concurrency: 4, latencyMs: 20 } });
  const api = await playwright.request.newContext();
  const few = await create(api, 10);
  const first = await create(api, 300);
  const second = await create(api, 120);
  const cancel = await api.post(`${stack.dashboard.origin}/api/batches/${second.id}/cancel`, {
    headers: { origin: stack.dashboard.origin },
  });
  expect(cancel.status()).toBe(200);
  await api.dispose();
  errors = await waitForEnded(stack.dashboard, few.id, 60_000);
  mixed = await waitForEnded(stack.dashboard, first.id, 60_000);
  canceled = await waitForEnded(stack.dashboard, second.id, 60_000);
});

test.afterAll(async () => {
  await stack?.stop();
});

test("a batch's results stream into the table; chips count each type and filter it", async ({ page }) => {
  const pageErrors = watchForErrors(page);
  await page.goto(`${stack.dashboard.origin}/batches/${mixed.id}`);
  await page.getByTestId("open-results").click();
  await expect(page).toHaveURL(`${stack.dashboard.origin}/batches/${mixed.id}/results`);
  const results = new ResultsPage(page);
  await results.expectComplete(300);
  const counts = mixed.request_counts;
  expect(counts.succeeded).toBeGreaterThan(0);
  expect(counts.errored).toBeGreaterThanOrEqual(3);
  expect(counts.expired).toBeGreaterThan(0);
  for (const type of ["succeeded", "errored", "canceled", "expired"] as const) {
    await expect(results.chip(type)).toHaveAttribute("data-count", String(counts[type]));
  }
  await expect(results.chip("all")).toHaveAttribute("data-count", "300");

  for (const type of ["errored", "expired", "succeeded"] as ResultKind[]) {
    await results.chip(type).click();
    await expect(results.chip(type)).toHaveAttribute("aria-pressed", "true");
    await expect(results.viewer).toHaveAttribute("data-visible", String(counts[type]));
    expect(new Set(await results.renderedTypes())).toEqual(new Set([type]));
  }
  await results.chip("all").click();
  await expect(results.viewer).toHaveAttribute("data-visible", "300");
  expect(pageErrors).toEqual([]);
});

test("error type, search and the open row live in the URL; the detail shows the whole error", async ({
  page,
}) => {
  const results = new ResultsPage(page);
  await page.goto(`${stack.dashboard.origin}/batches/${errors.id}/results`);
  await results.expectComplete(10);
  await page.getByTestId("error-type-filter").selectOption("not_found_error");
  await expect(results.viewer).toHaveAttribute("data-visible", "1");
  await expect(page).toHaveURL(/type=errored/);
  await expect(page).toHaveURL(/error=not_found_error/);
  await results.rows.first().click();
  await expect(page).toHaveURL(/row=\d+/);
  const detail = results.detail.getByTestId("result-detail");
  await expect(detail).toHaveAttribute("data-type", "errored");
  await expect(detail.getByTestId("detail-custom-id")).toHaveText("r-0007");
  await expect(detail.getByTestId("detail-error-type")).toHaveText("not_found_error");
  await expect(detail.getByTestId("detail-error-message")).toContainText(UNKNOWN_MODEL);

  // A reload (or a shared link) shows the same view with the same row open.
  await page.reload();
  await results.expectComplete(10);
  await expect(results.viewer).toHaveAttribute("data-visible", "1");
  await expect(detail.getByTestId("detail-custom-id")).toHaveText("r-0007");
  await page.keyboard.press("Escape");
  await expect(results.detail).toHaveCount(0);

  await results.chip("all").click();
  await results.search.fill("r-0004");
  await expect(results.viewer).toHaveAttribute("data-visible", "1");
  await expect(results.rows).toHaveCount(1);
  await expect(results.rows.first()).toHaveAttribute("data-custom-id", "r-0004");
  await expect(page).toHaveURL(/q=r-0004/);
  await results.search.fill("no such text anywhere");
  await expect(page.getByTestId("results-empty")).toHaveText("No result matches these filters.");
});

test("keyboard: the grid takes focus, arrows move, Enter opens a succeeded result with its blocks and usage", async ({
  page,
}) => {
  const results = new ResultsPage(page);
  await page.goto(`${stack.dashboard.origin}/batches/${mixed.id}/results?type=succeeded&sort=custom_id`);
  await results.expectComplete(300);
  await results.table.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  const detail = results.detail.getByTestId("result-detail");
  await expect(detail).toHaveAttribute("data-type", "succeeded");
  const second = await results.rows.nth(1).getAttribute("data-custom-id");
  await expect(detail.getByTestId("detail-custom-id")).toHaveText(second ?? "");
  await expect(detail.getByTestId("detail-block").first()).toHaveAttribute("data-block-type", "text");
  await expect(detail.getByTestId("detail-usage")).toContainText("Output tokens");
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await expect(detail.getByTestId("detail-custom-id")).toHaveText(
    (await results.rows.last().getAttribute("data-custom-id")) ?? "",
  );
});

test("downloads: the full file from the server, and the filtered view as JSONL and CSV", async ({ page }) => {
  const results = new ResultsPage(page);
  await page.goto(`${stack.dashboard.origin}/batches/${errors.id}/results?type=errored`);
  await results.expectComplete(10);
  const errored = errors.request_counts.errored;
  expect(errored).toBe(3);

  const full = page.waitForEvent("download");
  await page.getByTestId("download-full").click();
  const fullLines = readFileSync((await (await full).path()) ?? "", "utf8")
    .trim()
    .split("\n");
  expect(fullLines).toHaveLength(10);

  const jsonl = page.waitForEvent("download");
  await page.getByTestId("download-view-jsonl").click();
  const jsonlFile = await jsonl;
  expect(jsonlFile.suggestedFilename()).toBe(`${errors.id}-filtered.jsonl`);
  const lines = readFileSync((await jsonlFile.path()) ?? "", "utf8")
    .trim()
    .split("\n");
  expect(lines).toHaveLength(errored);
  for (const line of lines) expect(JSON.parse(line).result.type).toBe("errored");
  // Byte for byte lines the server sent.
  for (const line of lines) expect(fullLines).toContain(line);

  const csv = page.waitForEvent("download");
  await page.getByTestId("download-view-csv").click();
  const csvFile = await csv;
  expect(csvFile.suggestedFilename()).toBe(`${errors.id}-filtered.csv`);
  const text = readFileSync((await csvFile.path()) ?? "", "utf8");
  const records = text
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(records[0]).toBe(
    "custom_id,result_type,model,stop_reason,stop_sequence,input_tokens,output_tokens,cache_creation_input_tokens,cache_read_input_tokens,error_type,error_message,message_id,text",
  );
  expect(records).toHaveLength(errored + 1);
  expect(records.slice(1).every((record) => record.split(",")[1] === "errored")).toBe(true);
  expect(records.find((record) => record.startsWith("r-0007,"))).toContain("not_found_error");
});

test("a canceled batch's results: the canceled chip and what a canceled result means", async ({ page }) => {
  const results = new ResultsPage(page);
  await page.goto(`${stack.dashboard.origin}/batches/${canceled.id}/results`);
  await results.expectComplete(total(canceled));
  expect(canceled.request_counts.canceled).toBeGreaterThan(0);
  await expect(results.chip("canceled")).toHaveAttribute(
    "data-count",
    String(canceled.request_counts.canceled),
  );
  await results.chip("canceled").click();
  await results.rows.first().click();
  await expect(results.detail.getByTestId("result-detail")).toHaveAttribute("data-type", "canceled");
  await expect(results.detail).toContainText("canceled");
});

test("a results stream cut mid-way says so, never passes for complete, and Resume fetches the rest", async ({
  page,
}) => {
  const results = new ResultsPage(page);
  await stack.upstream.queueFaults({ kind: "cut", arg: 40, times: 1, route: "results" });
  await page.goto(`${stack.dashboard.origin}/batches/${mixed.id}/results`);
  await expect(results.viewer).toHaveAttribute("data-state", "interrupted", { timeout: 30_000 });
  const loaded = Number(await results.viewer.getAttribute("data-rows"));
  expect(loaded).toBeLessThan(300);
  await expect(page.getByTestId("results-interrupted")).toContainText(`of 300 results`);
  await expect(page.getByTestId("results-complete")).toHaveCount(0);
  await page.getByTestId("results-resume").click();
  await results.expectComplete(300);
  // Every result once: the chips add up to the batch.
  await expect(results.chip("all")).toHaveAttribute("data-count", "300");
});

for (const colorScheme of ["light", "dark"] as const) {
  for (const width of [1280, 390]) {
    test(`screenshot: results, ${colorScheme}, ${width} px`, async ({ browser }) => {
      const page = await browser.newPage({ colorScheme, viewport: { width, height: 900 } });
      const results = new ResultsPage(page);
      await page.goto(`${stack.dashboard.origin}/batches/${mixed.id}/results`);
      await results.expectComplete(300);
      await page.screenshot({ path: `test-results/screenshots/results-${colorScheme}-${width}.png` });
      await results.chip("errored").click();
      await results.rows.first().click();
      await expect(results.detail.getByTestId("result-detail")).toBeVisible();
      await page.screenshot({ path: `test-results/screenshots/results-detail-${colorScheme}-${width}.png` });
      await page.close();
    });
  }
}
