import { expect, type Page, test } from "@playwright/test";
import {
  cancelQuietly,
  createBatch,
  OVERLOADED,
  OVERLOADED_MESSAGE,
  waitUntilEnded,
  watchForErrors,
} from "./fixtures";
import { BatchDetailPage } from "./pages/batch-detail-page";
import { BatchesListPage } from "./pages/batches-list-page";

/** Calls the page makes to GET /api/batches/<id>, from now on. */
function watchPolls(page: Page, id: string): { count: () => number } {
  let count = 0;
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (request.method() === "GET" && url.pathname === `/api/batches/${id}`) count++;
  });
  return { count: () => count };
}

test("a running batch is watched to its end: the bar moves, then polling stops for good", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const errors = watchForErrors(page);
  const batch = await createBatch(request, { requests: 60 });
  const detail = new BatchDetailPage(page);
  const polls = watchPolls(page, batch.id);
  expect(await detail.goto(batch.id)).toBe(200);
  // Rendered on the server: the batch is there before any poll.
  await expect(page.getByTestId("batch-id")).toHaveText(batch.id);
  await expect(detail.badge).toHaveText("In progress");
  await expect(detail.deleteButton).toBeDisabled();
  await expect(page.getByTestId("delete-reason")).toHaveText(/Only an ended batch can be deleted/);
  await expect(page.getByTestId("results-pending")).toBeVisible();

  // Sample the bar until the batch ends: it must pass through several values on the way.
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        if (await detail.countsBar.isVisible())
          seen.add(Number(await detail.countsBar.getAttribute("data-finished")));
        return detail.detail.getAttribute("data-status");
      },
      { timeout: 60_000, intervals: [250] },
    )
    .toBe("ended");
  const between = [...seen].filter((value) => value > 0 && value < 60);
  expect(between.length, `values seen: ${[...seen].join(", ")}`).toBeGreaterThanOrEqual(2);
  await expect(detail.countsBar).toHaveAttribute("data-finished", "60");
  await expect(detail.count("succeeded")).toHaveText("60");
  await expect(detail.badge).toHaveText("Ended");
  expect(polls.count()).toBeGreaterThan(0);

  await expect(page.getByTestId("download-results")).toHaveAttribute(
    "href",
    `/api/batches/${batch.id}/results?download=1`,
  );
  await expect(detail.cancelButton).toBeDisabled();
  await expect(page.getByTestId("cancel-reason")).toHaveText(/nothing left to cancel/);

  // Ended: no further requests for this batch, not even when the window regains focus.
  const after = polls.count();
  await page.waitForTimeout(5_000);
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await page.waitForTimeout(1_000);
  expect(polls.count()).toBe(after);
  expect(errors).toEqual([]);
});

test("cancel: a confirmation that explains it, then canceling, then ended with canceled requests", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const errors = watchForErrors(page);
  const batch = await createBatch(request, { requests: 200 });
  const detail = new BatchDetailPage(page);
  await detail.goto(batch.id);
  await detail.expectStatus("in_progress");

  // Keyboard only. The dialog opens on the safe choice; Escape closes it and returns focus.
  await detail.cancelButton.focus();
  await page.keyboard.press("Enter");
  await expect(detail.cancelDialog).toBeVisible();
  await expect(detail.cancelDialog).toContainText("Requests that have not started yet become canceled");
  await expect(detail.cancelDialog).toContainText("stay available to download");
  await expect(detail.cancelDialog.getByRole("button", { name: "Keep running" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(detail.cancelDialog).toBeHidden();
  await expect(detail.cancelButton).toBeFocused();
  await detail.expectStatus("in_progress");

  await page.keyboard.press("Enter");
  await expect(detail.cancelDialog).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(detail.cancelDialog.getByTestId("confirm")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(detail.cancelDialog).toBeHidden();
  // The cancel answer itself is the batch in `canceling`: the page shows it before the next poll.
  await detail.expectStatus("canceling");
  await expect(detail.badge).toHaveText("Canceling");
  await expect(page.getByTestId("canceling-note")).toBeVisible();
  await expect(detail.cancelButton).toBeDisabled();
  await expect(page.getByTestId("cancel-reason")).toHaveText(/Cancel already requested/);

  await detail.expectStatus("ended", 30_000);
  expect(Number(await detail.count("canceled").textContent())).toBeGreaterThan(0);
  await expect(detail.count("processing")).toHaveText("0");
  await expect(page.getByTestId("download-results")).toBeVisible();
  await expect(detail.deleteButton).toBeEnabled();
  expect(errors).toEqual([]);
});

test("delete: only once ended, behind a confirmation naming the id; then the list, without it", async ({
  page,
  request,
}) => {
  const errors = watchForErrors(page);
  const batch = await createBatch(request, { requests: 1 });
  await waitUntilEnded(request, batch.id);
  const detail = new BatchDetailPage(page);
  await detail.goto(batch.id);
  await detail.expectStatus("ended");

  await detail.deleteButton.click();
  await expect(detail.deleteDialog).toBeVisible();
  await expect(detail.deleteDialog).toContainText(batch.id);
  await expect(detail.deleteDialog.getByRole("button", { name: "Keep it" })).toBeFocused();
  await detail.deleteDialog.getByRole("button", { name: "Keep it" }).click();
  await expect(detail.deleteDialog).toBeHidden();
  await expect(detail.deleteButton).toBeFocused();

  await detail.deleteButton.click();
  await detail.deleteDialog.getByTestId("confirm").click();
  await expect(page).toHaveURL(/\/batches$/);
  const list = new BatchesListPage(page);
  await expect(list.table).toBeVisible();
  await expect(list.row(batch.id)).toHaveCount(0);
  expect((await request.get(`/api/batches/${batch.id}`)).status()).toBe(404);

  // Its page is now the not-found page.
  expect(await detail.goto(batch.id)).toBe(404);
  await expect(detail.notFound).toBeVisible();
  expect(errors.filter((text) => !text.includes("404"))).toEqual([]);
});

test("an unknown or malformed id is a 404 with a way back to the list", async ({ page }) => {
  const detail = new BatchDetailPage(page);
  expect(await detail.goto("msgbatch_01DoesNotExist000000000000")).toBe(404);
  await expect(detail.notFound).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Batch not found" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the batch list" }).click();
  await expect(page).toHaveURL(/\/batches$/);

  expect(await detail.goto("not-a-batch-id")).toBe(404);
  await expect(detail.notFound).toBeVisible();
});

test("honest progress: with every request reported as processing, the page shows elapsed time instead", async ({
  page,
  request,
}) => {
  const batch = await createBatch(request, { requests: 100 });
  // The API as documented (batches-api.md §5.2): outcome counts stay 0 until the batch ends.
  await page.route(`**/api/batches/${batch.id}`, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    const total = Object.values(body.request_counts as Record<string, number>).reduce((a, b) => a + b, 0);
    body.request_counts = { processing: total, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    body.processing_status = "in_progress";
    body.ended_at = null;
    body.results_url = null;
    await route.fulfill({ response, json: body });
  });
  const detail = new BatchDetailPage(page);
  await detail.goto(batch.id);
  await expect(detail.progress).toHaveAttribute("data-mode", "elapsed", { timeout: 15_000 });
  await expect(page.getByTestId("honest-note")).toContainText("reports all 100 requests as processing");
  await expect(detail.countsBar).toHaveCount(0);
  const elapsed = Number(await detail.timeBar.getAttribute("data-elapsed-ms"));
  await expect
    .poll(async () => Number(await detail.timeBar.getAttribute("data-elapsed-ms")))
    .toBeGreaterThan(elapsed);
  await expect(detail.timeBar).toHaveAttribute("aria-valuetext", /elapsed, .* left$/);
  await page.screenshot({ path: "test-results/screenshots/detail-elapsed-light-1280.png", fullPage: true });
  await cancelQuietly(request, batch.id);
});

test("a failing poll keeps the batch on screen, shows the error with its request id, and recovers", async ({
  page,
  request,
}) => {
  const batch = await createBatch(request, { requests: 100 });
  const detail = new BatchDetailPage(page);
  await detail.goto(batch.id);
  await detail.expectStatus("in_progress");
  await page.route(`**/api/batches/${batch.id}`, (route) => route.fulfill(OVERLOADED));
  const warning = page.getByTestId("refresh-warning");
  await expect(warning).toBeVisible({ timeout: 20_000 });
  await expect(warning).toContainText(OVERLOADED_MESSAGE);
  await expect(warning).toContainText("req_e2e_overloaded_01");
  await expect(page.getByTestId("batch-id")).toHaveText(batch.id);

  await page.unroute(`**/api/batches/${batch.id}`);
  await warning.getByRole("button", { name: "Retry now" }).click();
  await expect(warning).toBeHidden();
  await cancelQuietly(request, batch.id);
});

test.describe("screenshots", () => {
  let running = "";
  let partial = "";

  test.beforeAll(async ({ request }) => {
    partial = (await createBatch(request, { requests: 12, errored: 3 })).id;
    running = (await createBatch(request, { requests: 400 })).id;
    await waitUntilEnded(request, partial);
  });

  test.afterAll(async ({ request }) => {
    await cancelQuietly(request, running);
  });

  for (const colorScheme of ["light", "dark"] as const) {
    for (const width of [1280, 390]) {
      test(`screenshot: batch pages, ${colorScheme}, ${width} px`, async ({ browser }) => {
        const context = await browser.newContext({ colorScheme, viewport: { width, height: 900 } });
        const page = await context.newPage();
        const errors = watchForErrors(page);
        const detail = new BatchDetailPage(page);
        await detail.goto(running);
        await expect(detail.countsBar).toBeVisible({ timeout: 15_000 });
        await page.screenshot({
          path: `test-results/screenshots/detail-running-${colorScheme}-${width}.png`,
          fullPage: true,
        });
        await detail.goto(partial);
        await detail.expectStatus("ended");
        await page.screenshot({
          path: `test-results/screenshots/detail-ended-${colorScheme}-${width}.png`,
          fullPage: true,
        });
        await detail.goto(running);
        await detail.cancelButton.click();
        await expect(detail.cancelDialog).toBeVisible();
        await page.screenshot({
          path: `test-results/screenshots/detail-cancel-dialog-${colorScheme}-${width}.png`,
        });
        await page.keyboard.press("Escape");
        await detail.goto("msgbatch_01DoesNotExist000000000000");
        await expect(detail.notFound).toBeVisible();
        await page.screenshot({
          path: `test-results/screenshots/detail-not-found-${colorScheme}-${width}.png`,
        });
        await context.close();
        expect(errors.filter((text) => !text.includes("404"))).toEqual([]);
      });
    }
  }
});
