import { expect, type Locator, type Page } from "@playwright/test";

export class BatchesListPage {
  readonly list: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly newer: Locator;
  readonly older: Locator;
  readonly newest: Locator;
  readonly pageSize: Locator;
  readonly emptyState: Locator;
  readonly errorState: Locator;

  constructor(readonly page: Page) {
    this.list = page.getByTestId("batch-list");
    this.table = page.getByTestId("batch-table");
    this.rows = page.getByTestId("batch-row");
    this.newer = page.getByTestId("page-previous");
    this.older = page.getByTestId("page-next");
    this.newest = page.getByTestId("page-newest");
    this.pageSize = page.getByLabel("Rows per page");
    this.emptyState = page.getByTestId("empty-state");
    this.errorState = page.getByTestId("error-state");
  }

  async goto(search = "") {
    await this.page.goto(`/batches${search}`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Batches" })).toBeVisible();
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="batch-row"][data-batch-id="${id}"]`);
  }

  /** Waits until the rows on screen are the ones of the page the URL names (not the previous page's). */
  async settled() {
    const search = new URL(this.page.url()).search;
    await expect(this.list).toHaveAttribute("data-page", search || "?");
  }

  async ids(): Promise<string[]> {
    await this.settled();
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-batch-id") ?? ""));
  }

  /** Clicks a pager button and waits for the page it leads to. */
  async go(button: Locator) {
    const before = this.page.url();
    await button.click();
    await expect(this.page).not.toHaveURL(before);
    await this.settled();
  }
}
