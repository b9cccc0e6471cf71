import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { SYSTEM_CHROMIUM, SYSTEM_CHROMIUM_ARGS } from "./tests/system-chromium";

const PORT = 3917;
const baseURL = `http://127.0.0.1:${PORT}`;

// Workers load this file again but inherit the runner's environment, so the directory is made only once.
mkdirSync(".data", { recursive: true });
process.env.BATCHBOARD_E2E_DATA_DIR ??= mkdtempSync(join(".data", "e2e-"));

// The `api` and `reliability` projects start their own emulators and servers per spec file; when only they
// are selected (`--project=api`, `npm run test:reliability`), the shared webServer below is not started.
const selectedProjects = process.argv.flatMap((arg, i) =>
  arg === "--project" ? [process.argv[i + 1] ?? ""] : arg.startsWith("--project=") ? [arg.slice(10)] : [],
);
const ownServersOnly =
  selectedProjects.length > 0 && selectedProjects.every((name) => name === "api" || name === "reliability");
const reliabilityOnly =
  selectedProjects.length > 0 && selectedProjects.every((name) => name === "reliability");

const chromiumUse = {
  ...devices["Desktop Chrome"],
  // Debian's chromium where it exists (Playwright's own download is not reachable from these machines).
  ...(existsSync(SYSTEM_CHROMIUM) && {
    launchOptions: {
      executablePath: SYSTEM_CHROMIUM,
      args: SYSTEM_CHROMIUM_ARGS,
    },
  }),
};

const config = defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  forbidOnly: Boolean(process.env.CI),
  // The reliability report measures latency and memory under load: nothing else may run beside it.
  workers: process.env.CI || reliabilityOnly ? 1 : undefined,
  reporter: reliabilityOnly
    ? [["list"], ["./tests/e2e/reliability/report.ts"]]
    : process.env.CI
      ? "list"
      : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      // The api project's files are not browser tests; the reliability project has its own servers.
      testIgnore: ["api/**", "reliability/**"],
      use: chromiumUse,
    },
    {
      // Route-level tests against the built standalone server in real-API mode, the emulator standing in
      // for api.anthropic.com (tests/e2e/api/harness.ts). No browser.
      name: "api",
      testMatch: "api/**/*.spec.ts",
      timeout: 60_000,
    },
    {
      // `npm run test:reliability`: faults, bad inputs, access, streaming, load and durability, each spec
      // with its own servers, summed up by tests/e2e/reliability/report.ts.
      name: "reliability",
      testMatch: "reliability/**/*.spec.ts",
      timeout: 120_000,
      use: chromiumUse,
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

// Run alone, these projects need no shared webServer (and must not wait for `npm start` to rebuild).
if (ownServersOnly) delete config.webServer;

export default config;
