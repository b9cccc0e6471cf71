import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";

const PORT = 3917;
const baseURL = `http://127.0.0.1:${PORT}`;
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

// Workers load this file again but inherit the runner's environment, so the directory is made only once.
mkdirSync(".data", { recursive: true });
process.env.BATCHBOARD_E2E_DATA_DIR ??= mkdtempSync(join(".data", "e2e-"));

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  forbidOnly: Boolean(process.env.CI),
  workers: process.env.CI ? 1 : undefined,
  reporter: process.env.CI ? "list" : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        // Debian's chromium where it exists (Playwright's own download is not reachable from these machines).
        ...(existsSync(SYSTEM_CHROMIUM) && {
          launchOptions: {
            executablePath: SYSTEM_CHROMIUM,
            args: [
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--no-first-run",
            ],
          },
        }),
      },
    },
  ],
  webServer: {
    command: "npm start",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    // `npm start` builds first when the build is missing or stale.
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      // Always the embedded emulator, even when the shell running the tests has a real key.
      ANTHROPIC_API_KEY: "",
      EMULATOR_DATA_DIR: process.env.BATCHBOARD_E2E_DATA_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
