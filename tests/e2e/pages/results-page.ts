import { expect, type Locator, type Page } from "@playwright/test";

export type ResultKind = "succeeded" | "errored" | "canceled" | "expired";

export class ResultsPage {
  readonly viewer: Locator;
  readonly rows: Locator;
  readonly search: Locator;
  readonly table: Locator;
  readonly detail: Locator;

  constructor(readonly page: Page) {
    this.viewer = page.getByTestId("results-viewer");
    this.rows = page.getByTestId("result-row");
    this.search = page.getByTestId("results-search");
    this.table = page.getByTestId("results-table");
    this.detail = page.getByTestId("result-detail-panel");
  }

  chip(type: ResultKind | "all"): Locator {
    return this.page.locator(`[data-testid="type-filter"][data-type="${type}"]`);
  }

  async expectComplete(rows: number) {
    await expect(this.viewer).toHaveAttribute("data-state", "complete", { timeout: 30_000 });
    await expect(this.viewer).toHaveAttribute("data-rows", String(rows));
  }

  async visible(): Promise<number> {
    return Number(await this.viewer.getAttribute("data-visible"));
  }

  /** The result types of the rows now in the DOM (the virtualized window). */
  async renderedTypes(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-type") ?? ""));
  }
}
