import { expect, type Locator, type Page } from "@playwright/test";

/** Files as the tests hand them to the page's file input. */
export interface TestFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export class NewBatchPage {
  readonly form: Locator;
  readonly fileInput: Locator;
  readonly verdict: Locator;
  readonly problems: Locator;
  readonly problemRows: Locator;
  readonly preview: Locator;
  readonly submit: Locator;
  readonly submitError: Locator;
  readonly checkProgress: Locator;
  readonly warnings: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId("create-batch");
    this.fileInput = page.getByTestId("file-input");
    this.verdict = page.getByTestId("check-verdict");
    this.problems = page.getByTestId("problem-list");
    this.problemRows = this.problems.getByTestId("problem");
    this.preview = page.getByTestId("upload-preview");
    this.submit = page.getByTestId("submit-batch");
    this.submitError = page.getByTestId("submit-error");
    this.checkProgress = page.getByTestId("check-progress");
    this.warnings = page.getByTestId("upload-warning");
  }

  async goto() {
    await this.page.goto("/batches/new");
    await expect(this.form).toHaveAttribute("data-stage", "empty");
  }

  async choose(file: TestFile | string) {
    await this.fileInput.setInputFiles(file);
  }

  async expectChecked(ok: boolean) {
    await expect(this.form).toHaveAttribute("data-stage", "checked", { timeout: 60_000 });
    await expect(this.verdict).toHaveAttribute("data-ok", String(ok));
  }

  /** `[line, code]` of every listed problem, in the order shown. */
  async listedProblems(): Promise<Array<[number, string]>> {
    return this.problemRows.evaluateAll((rows) =>
      rows.map((row) => [Number(row.getAttribute("data-line")), row.getAttribute("data-code") ?? ""]),
    );
  }
}

/** POSTs to /api/batches the page makes, from now on, with their headers. */
export function watchCreates(page: Page): Array<Record<string, string>> {
  const creates: Array<Record<string, string>> = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/batches") {
      creates.push(request.headers());
    }
  });
  return creates;
}
