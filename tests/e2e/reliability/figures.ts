import { test } from "@playwright/test";

/** Annotation type of a measured figure; the reliability report prints these under the case's category. */
export const FIGURE = "figure";

/** Records one measured figure (e.g. "p99 latency 41 ms") for the report, and prints it as it happens. */
export function recordFigure(text: string): void {
  test.info().annotations.push({ type: FIGURE, description: text });
  console.log(`  ${text}`);
}
