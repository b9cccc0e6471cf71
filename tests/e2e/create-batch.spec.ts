import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { cancelQuietly, watchForErrors } from "./fixtures";
import { BatchDetailPage } from "./pages/batch-detail-page";
import { NewBatchPage, type TestFile, watchCreates } from "./pages/new-batch-page";

const JSONL = "application/x-ndjson";

interface LineSpec {
  id: string;
  model?: string;
  maxTokens?: number;
  text?: string;
  system?: string;
}

const line = ({
  id,
  model = "claude-sonnet-4-6",
  maxTokens = 64,
  text = `Say hi to ${id}`,
  system,
}: LineSpec) =>
  JSON.stringify({
    custom_id: id,
    params: {
      model,
      max_tokens: maxTokens,
      ...(system && { system }),
      messages: [{ role: "user", content: text }],
    },
  });

const file = (name: string, content: string | Buffer, mimeType = JSONL): TestFile => ({
  name,
  mimeType,
  buffer: typeof content === "string" ? Buffer.from(content) : content,
});

test("a valid file is checked, previewed and created; the user lands on the running batch", async ({
  page,
  request,
}) => {
  const errors = watchForErrors(page);
  const creates = watchCreates(page);
  const lines = Array.from({ length: 30 }, (_, i) =>
    line(
      i < 20
        ? { id: `haiku-${i}`, model: "claude-haiku-4-5", maxTokens: 1000, text: "x".repeat(70) }
        : { id: `sonnet-${i}`, maxTokens: 2000, system: "Be brief.", text: `Question ${i}` },
    ),
  );
  const form = new NewBatchPage(page);
  await form.goto();
  await form.choose(file("thirty.jsonl", `\uFEFF${lines.join("\r\n")}\r\n\r\n`));
  await form.expectChecked(true);
  await expect(form.verdict).toContainText("All 30 requests valid");
  await expect(page.getByTestId("preview-requests")).toHaveText("30");
  await expect(
    page.locator('[data-testid="model-row"][data-model="claude-haiku-4-5"] [data-testid="model-requests"]'),
  ).toHaveText("20");
  await expect(
    page.locator('[data-testid="model-row"][data-model="claude-sonnet-4-6"] [data-testid="model-requests"]'),
  ).toHaveText("10");
  await expect(page.getByTestId("request-sample")).toHaveCount(5);
  await expect(page.getByTestId("sample-custom-id").first()).toHaveText("haiku-0");
  await expect(page.getByTestId("total-batch-cost")).toHaveText(/^\$\d/);
  expect(creates).toHaveLength(0);

  await form.submit.click();
  await expect(page).toHaveURL(/\/batches\/msgbatch_[A-Za-z0-9_-]+$/, { timeout: 30_000 });
  const id = new URL(page.url()).pathname.split("/").pop() ?? "";
  const detail = new BatchDetailPage(page);
  await expect(page.getByTestId("batch-id")).toHaveText(id);
  await expect(detail.detail).toHaveAttribute("data-status", /in_progress|ended/);
  expect(creates).toHaveLength(1);
  expect(creates[0]?.["idempotency-key"]).toMatch(/^upload-[0-9a-f]{32}$/);
  expect(creates[0]?.["x-upload-bytes"]).toBe(
    String(Buffer.byteLength(`\uFEFF${lines.join("\r\n")}\r\n\r\n`)),
  );
  const created = await (await request.get(`/api/batches/${id}`)).json();
  const counts = created.request_counts as Record<string, number>;
  expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(30);
  await cancelQuietly(request, id);
  expect(errors).toEqual([]);
});

test("every kind of bad line is listed with its line number, and nothing is sent", async ({ page }) => {
  const creates = watchCreates(page);
  const good = (id: string) => line({ id });
  const content = Buffer.concat([
    Buffer.from(
      [
        good("first"), // 1
        '{"custom_id":"broken","params":{"model":"m",}', // 2: invalid JSON
        "", // 3: blank, fine
      ].join("\n"),
    ),
    Buffer.from("\n"),
    Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), // 4: not UTF-8
    Buffer.from(
      `\n${[
        good("first"), // 5: duplicate of line 1
        good("has space"), // 6: bad custom_id
        JSON.stringify({
          custom_id: "no-model",
          params: { max_tokens: 5, messages: [{ role: "user", content: "x" }] },
        }), // 7
        line({ id: "zero", maxTokens: 0 }), // 8
        JSON.stringify({ custom_id: "empty", params: { model: "m", max_tokens: 5, messages: [] } }), // 9
        JSON.stringify({
          custom_id: "streamed",
          params: { model: "m", max_tokens: 5, stream: true, messages: [{ role: "user", content: "x" }] },
        }), // 10
        JSON.stringify({
          custom_id: "extra",
          params: { model: "m", max_tokens: 5, messages: [{ role: "user", content: "x" }], colour: 1 },
        }), // 11
        good("last"), // 12
      ].join("\n")}\n`,
    ),
  ]);
  const form = new NewBatchPage(page);
  await form.goto();
  await form.choose(file("bad.jsonl", content));
  await form.expectChecked(false);
  expect(await form.listedProblems()).toEqual([
    [2, "invalid_json"],
    [4, "invalid_utf8"],
    [5, "duplicate_custom_id"],
    [6, "bad_custom_id"],
    [7, "missing_field"],
    [8, "bad_value"],
    [9, "bad_value"],
    [10, "stream_not_supported"],
    [11, "unknown_key"],
  ]);
  await expect(page.getByTestId("problem-count")).toContainText("9 problems found");
  await expect(form.problemRows.nth(0)).toContainText(/^2:\d+/);
  await expect(form.problemRows.nth(2)).toContainText('duplicate custom_id "first" (first on line 1)');
  await expect(form.problemRows.nth(4)).toContainText("params.model");
  await expect(form.submit).toHaveCount(0);
  expect(creates).toHaveLength(0);
});

test("file-level problems: empty, a JSON array with a bad element, over 100,000 requests", async ({
  page,
}) => {
  const creates = watchCreates(page);
  const form = new NewBatchPage(page);
  await form.goto();

  await form.choose(file("empty.jsonl", "\n \n"));
  await form.expectChecked(false);
  expect(await form.listedProblems()).toEqual([[0, "no_requests"]]);

  const array = `[\n  ${line({ id: "a" })},\n  ${line({ id: "b", maxTokens: -1 })}\n]\n`;
  await form.choose(file("array.json", array, "application/json"));
  await form.expectChecked(false);
  expect(await form.listedProblems()).toEqual([[3, "bad_value"]]);

  const tooMany = Array.from(
    { length: 100_001 },
    (_, i) =>
      `{"custom_id":"r${i}","params":{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}]}}`,
  );
  await form.choose(file("too-many.jsonl", tooMany.join("\n")));
  await form.expectChecked(false);
  expect(await form.listedProblems()).toEqual([[100_001, "too_many_requests"]]);
  expect(creates).toHaveLength(0);
});

test("a file of tens of MB is checked in a worker: the page keeps working and shows progress", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "bb-e2e-upload-"));
  const path = join(dir, "large.jsonl");
  const text = "Summarise this paragraph, please. ".repeat(60);
  const lines = Array.from({ length: 20_000 }, (_, i) => line({ id: `large-${i}`, text: `${i} ${text}` }));
  writeFileSync(path, `${lines.join("\n")}\n`);
  const size = readFileSync(path).byteLength;
  expect(size).toBeGreaterThan(40_000_000);

  const form = new NewBatchPage(page);
  await form.goto();
  await form.choose(path);
  await expect(form.form).toHaveAttribute("data-stage", "checking");
  // The main thread answers while the check runs: this evaluate needs it, and the check is still going after.
  const stillChecking = await page.evaluate(
    () =>
      new Promise<string | null>((resolve) =>
        requestAnimationFrame(() =>
          resolve(document.querySelector('[data-testid="create-batch"]')?.getAttribute("data-stage") ?? null),
        ),
      ),
  );
  expect(stillChecking).toBe("checking");
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const { stage, bytes } = await page.evaluate(() => ({
          stage: document.querySelector('[data-testid="create-batch"]')?.getAttribute("data-stage"),
          bytes: document.querySelector('[data-testid="check-progress"]')?.getAttribute("data-bytes"),
        }));
        if (bytes) seen.add(Number(bytes));
        return stage;
      },
      { timeout: 60_000, intervals: [50] },
    )
    .toBe("checked");
  const between = [...seen].filter((bytes) => bytes > 0 && bytes < size);
  expect(between.length, `progress seen: ${[...seen].join(", ")}`).toBeGreaterThanOrEqual(1);
  await expect(form.verdict).toContainText("All 20,000 requests valid");
});

test("a check can be canceled, and another file chosen while one is checked", async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), "bb-e2e-upload-"));
  const path = join(dir, "slow.jsonl");
  const text = "word ".repeat(400);
  writeFileSync(path, Array.from({ length: 30_000 }, (_, i) => line({ id: `s-${i}`, text })).join("\n"));
  const form = new NewBatchPage(page);
  await form.goto();
  await form.choose(path);
  await expect(form.checkProgress).toBeVisible();
  await page.getByTestId("cancel-check").click();
  await expect(form.form).toHaveAttribute("data-stage", "empty");

  await form.choose(path);
  await expect(form.checkProgress).toBeVisible();
  await form.choose(file("small.jsonl", line({ id: "only" })));
  await form.expectChecked(true);
  await expect(form.verdict).toContainText("All 1 requests valid");
  await expect(page.getByTestId("chosen-file")).toContainText("small.jsonl");
});

test("warnings for what the API fails later are shown, and the file can still be submitted", async ({
  page,
  request,
}) => {
  const form = new NewBatchPage(page);
  await form.goto();
  await form.choose(
    file(
      "warned.jsonl",
      [
        line({ id: "ok" }),
        line({ id: "huge", model: "claude-haiku-4-5", maxTokens: 100_000 }),
        line({ id: "unknown", model: "claude-does-not-exist-9" }),
      ].join("\n"),
    ),
  );
  await form.expectChecked(true);
  await expect(form.warnings).toHaveCount(2);
  await expect(
    page.locator('[data-testid="upload-warning"][data-code="max_tokens_over_ceiling"]'),
  ).toContainText("line 2");
  await expect(page.locator('[data-testid="upload-warning"][data-code="unknown_model"]')).toContainText(
    "claude-does-not-exist-9",
  );
  await expect(page.getByTestId("cost-estimate")).toContainText(
    "No price is known for claude-does-not-exist-9",
  );
  await form.submit.click();
  await expect(page).toHaveURL(/\/batches\/msgbatch_/, { timeout: 30_000 });
  await cancelQuietly(request, new URL(page.url()).pathname.split("/").pop() ?? "");
});

test("a double click creates one batch, and a retry after a broken upload reuses the key", async ({
  page,
  request,
}) => {
  const creates = watchCreates(page);
  const form = new NewBatchPage(page);
  await form.goto();
  await form.choose(file("retry.jsonl", [line({ id: "r1" }), line({ id: "r2" })].join("\n")));
  await form.expectChecked(true);

  // The first attempt's connection breaks.
  await page.route("**/api/batches", (route) => route.abort("connectionreset"), { times: 1 });
  await form.submit.click();
  await expect(form.submitError).toContainText("Submitting again is safe");
  await expect(form.submitError).toContainText("connection to the dashboard broke");

  await form.submit.dblclick();
  await expect(page).toHaveURL(/\/batches\/msgbatch_/, { timeout: 30_000 });
  expect(creates).toHaveLength(2);
  expect(creates[1]?.["idempotency-key"]).toBe(creates[0]?.["idempotency-key"]);
  await cancelQuietly(request, new URL(page.url()).pathname.split("/").pop() ?? "");
});

test("a slow upload shows its progress, and the button cannot submit twice while it runs", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const creates = watchCreates(page);
  const text = "Please summarise the following text. ".repeat(50);
  const content = Array.from({ length: 1500 }, (_, i) => line({ id: `slow-${i}`, text })).join("\n");
  const form = new NewBatchPage(page);
  await form.goto();
  await form.choose(file("slow-upload.jsonl", content));
  await form.expectChecked(true);

  // About 3 MB at 1 MB/s: several seconds of upload to watch.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 1_000_000,
  });
  await form.submit.click();
  const bar = page.getByTestId("upload-bar");
  await expect(bar).toBeVisible();
  await expect(form.submit).toHaveAttribute("aria-disabled", "true");
  await form.submit.click({ force: true });
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const fraction = await page.evaluate(() =>
          document.querySelector('[data-testid="upload-bar"]')?.getAttribute("data-fraction"),
        );
        if (fraction) seen.add(Number(fraction));
        return page.url();
      },
      { timeout: 60_000, intervals: [100] },
    )
    .toMatch(/\/batches\/msgbatch_/);
  const between = [...seen].filter((fraction) => fraction > 0 && fraction < 1);
  expect(between.length, `upload progress seen: ${[...seen].join(", ")}`).toBeGreaterThanOrEqual(2);
  expect(creates).toHaveLength(1);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await cancelQuietly(request, new URL(page.url()).pathname.split("/").pop() ?? "");
});

test("the server's refusal is shown with its problems, and nothing is created", async ({ page }) => {
  const form = new NewBatchPage(page);
  await form.goto();
  await form.choose(file("refused.jsonl", line({ id: "a" })));
  await form.expectChecked(true);
  await page.route("**/api/batches", (route) =>
    route.fulfill({
      status: 422,
      contentType: "application/json",
      body: JSON.stringify({
        error: {
          code: "invalid_upload",
          message: "1 problem found; nothing was submitted.",
          problems: [
            {
              line: 1,
              code: "bad_value",
              field: "params.max_tokens",
              message: "params.max_tokens must be a positive integer",
            },
          ],
          problem_count: 1,
        },
      }),
    }),
  );
  await form.submit.click();
  await expect(form.submitError).toContainText("1 problem found; nothing was submitted.");
  await expect(form.submitError.getByTestId("problem")).toHaveAttribute("data-line", "1");
  await expect(page).toHaveURL(/\/batches\/new$/);
});

test("keyboard only: the file input is reached with Tab and opens the picker; the example file is valid", async ({
  page,
}) => {
  const form = new NewBatchPage(page);
  await form.goto();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download an example file" }).click();
  const example = await (await download).path();

  await page.locator("body").click();
  for (
    let i = 0;
    i < 20 && !(await form.fileInput.evaluate((input) => input === document.activeElement));
    i++
  ) {
    await page.keyboard.press("Tab");
  }
  await expect(form.fileInput).toBeFocused();
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Space");
  await (await chooser).setFiles(example);
  await form.expectChecked(true);
  await expect(form.verdict).toContainText("All 4 requests valid");
  await form.submit.focus();
  await expect(form.submit).toBeFocused();
});

for (const colorScheme of ["light", "dark"] as const) {
  for (const width of [1280, 390]) {
    test(`screenshot: /batches/new, ${colorScheme}, ${width} px`, async ({ browser }) => {
      const page = await browser.newPage({ colorScheme, viewport: { width, height: 900 } });
      const form = new NewBatchPage(page);
      await form.goto();
      await page.screenshot({
        path: `test-results/screenshots/new-empty-${colorScheme}-${width}.png`,
        fullPage: true,
      });
      await form.choose(
        file(
          "preview.jsonl",
          [
            line({
              id: "classify-0",
              model: "claude-haiku-4-5",
              text: "Classify: the product quality is excellent!",
            }),
            line({
              id: "summary-1",
              maxTokens: 1024,
              system: "Answer in French.",
              text: "Summarise: batches run at half price.",
            }),
            line({ id: "too-long-2", model: "claude-haiku-4-5", maxTokens: 100_000 }),
          ].join("\n"),
        ),
      );
      await form.expectChecked(true);
      await page.screenshot({
        path: `test-results/screenshots/new-preview-${colorScheme}-${width}.png`,
        fullPage: true,
      });
      await form.choose(file("bad.jsonl", [line({ id: "a" }), "{oops", line({ id: "a" })].join("\n")));
      await form.expectChecked(false);
      await page.screenshot({
        path: `test-results/screenshots/new-problems-${colorScheme}-${width}.png`,
        fullPage: true,
      });
      await page.close();
    });
  }
}
