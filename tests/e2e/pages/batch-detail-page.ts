import { expect, type Locator, type Page } from "@playwright/test";

export class BatchDetailPage {
  readonly detail: Locator;
  readonly badge: Locator;
  readonly countsBar: Locator;
  readonly timeBar: Locator;
  readonly progress: Locator;
  readonly cancelButton: Locator;
  readonly deleteButton: Locator;
  readonly cancelDialog: Locator;
  readonly deleteDialog: Locator;
  readonly notFound: Locator;

  constructor(readonly page: Page) {
    this.detail = page.getByTestId("batch-detail");
    this.badge = this.detail.getByTestId("status-badge");
    this.countsBar = page.getByTestId("progress-panel").getByTestId("counts-bar");
    this.timeBar = page.getByTestId("progress-panel").getByTestId("time-bar");
    this.progress = page.getByTestId("progress-panel").locator("[data-mode]");
    this.cancelButton = page.getByTestId("cancel-batch");
    this.deleteButton = page.getByTestId("delete-batch");
    this.cancelDialog = page.getByTestId("cancel-dialog");
    this.deleteDialog = page.getByTestId("delete-dialog");
    this.notFound = page.getByTestId("batch-not-found");
  }

  async goto(id: string) {
    const response = await this.page.goto(`/batches/${id}`);
    return response?.status();
  }

  count(outcome: "succeeded" | "errored" | "canceled" | "expired" | "processing"): Locator {
    return this.page.getByTestId(`count-${outcome}`);
  }

  async expectStatus(status: "in_progress" | "canceling" | "ended", timeout?: number) {
    await expect(this.detail).toHaveAttribute("data-status", status, { timeout });
  }
}
