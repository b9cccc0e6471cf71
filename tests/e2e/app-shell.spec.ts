import { expect, test } from "@playwright/test";
import { watchForErrors } from "./fixtures";

/** Collects console errors and uncaught exceptions for the whole test. */
test("the health route reports the embedded emulator as reachable, with no secret", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  const body = await response.json();
  expect(body).toEqual({
    ok: true,
    mode: "emulator",
    upstream: { reachable: true, latency_ms: expect.any(Number) },
  });
  expect(JSON.stringify(body)).not.toContain("emulator-key");
});

test("pages carry the security headers", async ({ request }) => {
  const response = await request.get("/batches");
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("/ redirects to /batches", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/batches$/);
  await expect(page.getByRole("heading", { level: 1, name: "Batches" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("the shell shows the emulator badge and a reachable upstream", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto("/batches");
  await expect(page.getByRole("link", { name: "Batchboard" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Batches" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "New batch" })).toBeVisible();
  const badge = page.getByTestId("emulator-badge");
  await expect(badge).toBeVisible();
  await expect(badge).toContainText("no real API calls");
  await expect(badge).toHaveAttribute("title", /no real API is called/);
  await expect(page.getByTestId("batch-list")).toBeVisible();
  // The status streams in behind a Suspense fallback; React may hold it hidden briefly before revealing it.
  await expect(page.getByTestId("upstream-status")).toBeVisible();
  await expect(page.getByTestId("upstream-status")).toHaveText("Upstream reachable");
  await expect(page.getByTestId("connection-mode")).toContainText("emulator");

  await nav.getByRole("link", { name: "New batch" }).click();
  await expect(page).toHaveURL(/\/batches\/new$/);
  await expect(page.getByRole("heading", { level: 1, name: "New batch" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("an unknown route shows the not-found page", async ({ page }) => {
  const errors = watchForErrors(page);
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByTestId("emulator-badge")).toBeVisible();
  // Chromium logs the document's own 404 status as a console error; anything else is a real problem.
  expect(errors.filter((text) => !text.includes("404"))).toEqual([]);
});

for (const colorScheme of ["light", "dark"] as const) {
  for (const width of [1280, 390]) {
    test(`screenshot: /batches, ${colorScheme}, ${width} px`, async ({ browser }) => {
      const context = await browser.newContext({ colorScheme, viewport: { width, height: 800 } });
      const page = await context.newPage();
      const errors = watchForErrors(page);
      await page.goto("/batches");
      await expect(page.getByTestId("upstream-status")).toBeVisible();
      await expect(page.getByTestId("upstream-status")).toHaveText("Upstream reachable");
      await page.screenshot({
        path: `test-results/screenshots/batches-${colorScheme}-${width}.png`,
        fullPage: true,
      });
      await page.goto("/no-such-page");
      await expect(page.getByTestId("not-found")).toBeVisible();
      await page.screenshot({ path: `test-results/screenshots/not-found-${colorScheme}-${width}.png` });
      await context.close();
      expect(errors.filter((text) => !text.includes("404"))).toEqual([]);
    });
  }
}
