import { expect, test } from "@playwright/test";
import { createBatch, OVERLOADED, OVERLOADED_MESSAGE, watchForErrors } from "./fixtures";
import { BatchesListPage } from "./pages/batches-list-page";

const EMPTY_PAGE = { data: [], has_more: false, first_id: null, last_id: null };

/** The browser's list calls (GET /api/batches?…), not batch pages or creates. */
const listCall = (url: URL) => url.pathname === "/api/batches";

test("pages forward and back over 3+ pages, with the position in the URL for Back and reload", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const errors = watchForErrors(page);
  // Newest first: the last one created comes first. Other tests share the workspace, so only the order
  // of our own ids is asserted, never the global count.
  const created: string[] = [];
  for (let i = 0; i < 45; i++) created.push((await createBatch(request, { requests: 1 })).id);
  const mine = [...created].reverse();

  const list = new BatchesListPage(page);
  await list.goto();
  await expect(list.newer).toBeDisabled();
  await expect(list.newest).toHaveCount(0);
  const page1 = await list.ids();
  expect(page1).toHaveLength(20);

  await list.go(list.older);
  await expect(page).toHaveURL(new RegExp(`after_id=${page1.at(-1)}`));
  const page2 = await list.ids();
  await list.go(list.older);
  const page3 = await list.ids();
  expect(page3.length).toBeGreaterThan(0);
  const url3 = page.url();

  const seen = [...page1, ...page2, ...page3];
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.filter((id) => created.includes(id))).toEqual(mine);

  // Reload and a shared link both land on page 3.
  await page.reload();
  expect(await list.ids()).toEqual(page3);
  const other = await page.context().newPage();
  const shared = new BatchesListPage(other);
  await other.goto(url3);
  expect(await shared.ids()).toEqual(page3);
  await other.close();

  // Back, and Newer: the same pages as on the way forward.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`after_id=${page1.at(-1)}$`));
  expect(await list.ids()).toEqual(page2);
  await page.goForward();
  expect(await list.ids()).toEqual(page3);
  await list.go(list.newer);
  expect(await list.ids()).toEqual(page2);
  await list.go(list.newer);
  expect(await list.ids()).toEqual(page1);
  await expect(list.newer).toBeDisabled();

  // Keyboard: page size, then Older to the very end, where it is disabled.
  await list.pageSize.focus();
  await list.pageSize.selectOption("100");
  await expect(page).toHaveURL(/limit=100/);
  await list.ids();
  await list.older.focus();
  for (let i = 0; i < 20 && !(await list.older.isDisabled()); i++) {
    const before = page.url();
    await page.keyboard.press("Enter");
    await expect(page).not.toHaveURL(before);
    await list.ids();
  }
  await expect(list.older).toBeDisabled();
  await expect(list.older).toBeFocused();
  await list.go(list.newest);
  await expect(page).toHaveURL(/\/batches\?limit=100$/);
  expect(errors).toEqual([]);
});

test("running rows refresh themselves until they end", async ({ page, request }) => {
  const batch = await createBatch(request, { requests: 20 });
  const list = new BatchesListPage(page);
  await list.goto();
  const row = list.row(batch.id);
  await expect(row).toHaveAttribute("data-status", "in_progress");
  await expect(row.getByTestId("status-badge")).toHaveText("In progress");
  await expect(row).toHaveAttribute("data-status", "ended", { timeout: 45_000 });
  await expect(row.getByTestId("counts-bar")).toHaveAttribute("data-finished", "20");
  await expect(row.getByTestId("row-progress")).toContainText("20/20 finished");
});

test("an upstream error is shown with its message and request id, and Retry recovers", async ({ page }) => {
  const list = new BatchesListPage(page);
  await list.goto();
  await expect(list.table).toBeVisible();
  await page.route(listCall, (route) => route.fulfill(OVERLOADED));
  await list.pageSize.selectOption("50");
  await expect(list.errorState).toBeVisible({ timeout: 20_000 });
  await expect(list.errorState).toContainText("Could not load the batches");
  await expect(list.errorState.getByTestId("error-message")).toHaveText(OVERLOADED_MESSAGE);
  await expect(list.errorState).toContainText("req_e2e_overloaded_01");
  await expect(list.errorState).toContainText("HTTP 503");

  await page.unroute(listCall);
  await list.errorState.getByRole("button", { name: "Retry" }).click();
  await expect(list.errorState).toBeHidden();
  await expect(list.rows.first()).toBeVisible();
  await expect(page).toHaveURL(/limit=50/);
});

test("an empty workspace leads to the upload page", async ({ page }) => {
  const list = new BatchesListPage(page);
  await list.goto();
  await page.route(listCall, (route) => route.fulfill({ json: EMPTY_PAGE }));
  await list.pageSize.selectOption("100");
  await expect(list.emptyState).toBeVisible();
  await expect(list.emptyState.getByRole("heading", { name: "No batches yet" })).toBeVisible();
  await list.emptyState.getByRole("link", { name: "Create a batch" }).click();
  await expect(page).toHaveURL(/\/batches\/new$/);
  await expect(page.getByRole("heading", { level: 1, name: "New batch" })).toBeVisible();
});

test.describe("screenshots", () => {
  let running = "";

  test.beforeAll(async ({ request }) => {
    await createBatch(request, { requests: 6, errored: 6 });
    await createBatch(request, { requests: 10, errored: 2 });
    running = (await createBatch(request, { requests: 400 })).id;
  });

  test.afterAll(async ({ request }) => {
    await request.post(`/api/batches/${running}/cancel`, {
      headers: { origin: new URL(test.info().project.use.baseURL ?? "").origin },
    });
  });

  for (const colorScheme of ["light", "dark"] as const) {
    for (const width of [1280, 390]) {
      test(`screenshot: list, ${colorScheme}, ${width} px`, async ({ browser }) => {
        const context = await browser.newContext({ colorScheme, viewport: { width, height: 900 } });
        const page = await context.newPage();
        const errors = watchForErrors(page);
        const list = new BatchesListPage(page);
        await list.goto();
        await expect(list.row(running)).toBeVisible();
        await expect(page.getByTestId("upstream-status")).toHaveText("Upstream reachable");
        await page.screenshot({
          path: `test-results/screenshots/list-${colorScheme}-${width}.png`,
          fullPage: true,
        });

        // The states below come from the browser's own list calls, answered here.
        await page.route(listCall, (route) => route.fulfill(OVERLOADED));
        await list.pageSize.selectOption("50");
        await expect(list.errorState).toBeVisible({ timeout: 20_000 });
        await page.screenshot({
          path: `test-results/screenshots/error-${colorScheme}-${width}.png`,
          fullPage: true,
        });

        await list.goto();
        await page.route(listCall, (route) => route.fulfill({ json: EMPTY_PAGE }));
        await list.pageSize.selectOption("100");
        await expect(list.emptyState).toBeVisible();
        await page.screenshot({
          path: `test-results/screenshots/empty-${colorScheme}-${width}.png`,
          fullPage: true,
        });
        await context.close();
        // The intercepted 503s are logged by the browser as failed loads.
        expect(errors.filter((text) => !text.includes("503"))).toEqual([]);
      });
    }
  }
});
