// Debian's Chromium, used where it exists: Playwright's own browser download is not reachable from these
// machines. Shared by playwright.config.ts and the Chromium benches.

export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

export const SYSTEM_CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
