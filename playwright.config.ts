import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { SYSTEM_CHROMIUM, SYSTEM_CHROMIUM_ARGS } from "./tests/system-chromium";

const PORT = 3917;
const baseURL = `http://127.0.0.1:${PORT}`;

// Workers load this file again but inherit the runner's environment, so the directory is made only once.
mkdirSync(".data", { recursive: true });
process.env.BATCHBOARD_E2E_DATA_DIR ??= mkdtempSync(join(".data", "e2e-"));

// The `api` project (tests/e2e/api) starts its own emulator and standalone servers per spec file; when it is
// the only project selected (`--project=api`), the shared webServer below is not needed and is not started.
const selectedProjects = process.argv.flatMap((arg, i) =>
  arg === "--project" ? [process.argv[i + 1] ?? ""] : arg.startsWith("--project=") ? [arg.slice(10)] : [],
);
const apiOnly = selectedProjects.length > 0 && selectedProjects.every((name) => name === "api");

const config = defineConfig({
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
      // The api project's files are not browser tests.
      testIgnore: "api/**",
      use: {
        ...devices["Desktop Chrome"],
        // Debian's chromium where it exists (Playwright's own download is not reachable from these machines).
        ...(existsSync(SYSTEM_CHROMIUM) && {
          launchOptions: {
            executablePath: SYSTEM_CHROMIUM,
            args: SYSTEM_CHROMIUM_ARGS,
          },
        }),
      },
    },
    {
      // Route-level tests against the built standalone server in real-API mode, the emulator standing in
      // for api.anthropic.com (tests/e2e/api/harness.ts). No browser.
      name: "api",
      testMatch: "api/**/*.spec.ts",
      timeout: 60_000,
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

// Run alone, the api project needs no shared webServer (and must not wait for `npm start` to rebuild).
if (apiOnly) delete config.webServer;

export default config;
