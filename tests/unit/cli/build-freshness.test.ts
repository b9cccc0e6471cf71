import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isBuildStale } from "../../../lib/cli/build-freshness";

let root: string;

/** Writes a file stamped `offsetSeconds` from now; its new directories keep the current time. */
function touch(relative: string, offsetSeconds = 0): void {
  const path = join(root, relative);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, "");
  const when = Date.now() / 1000 + offsetSeconds;
  utimesSync(path, when, when);
}

// Build outputs are stamped in the future so that freshly created source directories predate them.
const BUILT = 60;
const EDITED_AFTER_BUILD = 120;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "batchboard-freshness-"));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("isBuildStale", () => {
  it("is stale without a standalone server", () => {
    touch("app/page.tsx");
    expect(isBuildStale(root)).toBe(true);
  });

  it("is stale when the static assets were not copied", () => {
    touch("app/page.tsx");
    touch(".next/standalone/server.js", BUILT);
    expect(isBuildStale(root)).toBe(true);
  });

  it("is fresh when the server is newer than every input", () => {
    touch("app/batches/page.tsx");
    touch("package-lock.json");
    touch(".next/standalone/server.js", BUILT);
    touch(".next/standalone/.next/static/chunk.js", BUILT);
    expect(isBuildStale(root)).toBe(false);
  });

  it("is stale when a nested source file changed after the build", () => {
    touch(".next/standalone/server.js", BUILT);
    touch(".next/standalone/.next/static/chunk.js", BUILT);
    touch("components/layout/deep/header.tsx", EDITED_AFTER_BUILD);
    expect(isBuildStale(root)).toBe(true);
  });

  it("ignores files that are not build inputs", () => {
    touch(".next/standalone/server.js", BUILT);
    touch(".next/standalone/.next/static/chunk.js", BUILT);
    touch("README.md", EDITED_AFTER_BUILD);
    touch("tests/e2e/app-shell.spec.ts", EDITED_AFTER_BUILD);
    expect(isBuildStale(root)).toBe(false);
  });
});
