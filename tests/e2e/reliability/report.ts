// The reliability report `npm run test:reliability` ends with: every case of tests/e2e/reliability counted by
// category (from the tag its title starts with), the figures the cases recorded, the failures by name, and
// one `N passed, N failed` line. Playwright's own exit code still says whether the run failed.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { FullConfig, Reporter, Suite, TestCase } from "@playwright/test/reporter";
import { FIGURE } from "./figures";

const CATEGORIES = [
  { name: "upstream faults", tags: ["fault"] },
  { name: "bad inputs", tags: ["input", "ssrf"] },
  { name: "access and CSRF", tags: ["auth", "csrf", "leak"] },
  { name: "streaming", tags: ["stream"] },
  { name: "load", tags: ["load"] },
  { name: "durability", tags: ["durability"] },
] as const;
const UNTAGGED = "untagged (every case needs a tag)";

function categoryOf(test: TestCase): string {
  const tag = /^\[(\w+)\]/.exec(test.title)?.[1];
  return (
    CATEGORIES.find((category) => (category.tags as readonly string[]).includes(tag ?? ""))?.name ?? UNTAGGED
  );
}

interface Tally {
  tried: number;
  passed: number;
  failed: number;
  skipped: number;
  figures: string[];
  failures: string[];
}

const pad = (text: string | number, width: number) => String(text).padEnd(width);
const padLeft = (text: string | number, width: number) => String(text).padStart(width);

export default class ReliabilityReport implements Reporter {
  private root: Suite | undefined;
  private outputDir = "test-results";

  onBegin(config: FullConfig, suite: Suite): void {
    this.root = suite;
    this.outputDir = config.projects[0]?.outputDir ?? this.outputDir;
  }

  /** Every spec of the suite ran (not a single file picked by hand), so every category must have cases. */
  private wholeSuite(tests: TestCase[]): boolean {
    const ran = new Set(tests.map((test) => basename(test.location.file)));
    return readdirSync(__dirname)
      .filter((file) => file.endsWith(".spec.ts"))
      .every((file) => ran.has(file));
  }

  onEnd(): void {
    const tests = this.root?.allTests() ?? [];
    const wholeSuite = this.wholeSuite(tests);
    const tallies = new Map<string, Tally>();
    for (const test of tests) {
      const name = categoryOf(test);
      const tally = tallies.get(name) ?? {
        tried: 0,
        passed: 0,
        failed: 0,
        skipped: 0,
        figures: [],
        failures: [],
      };
      tallies.set(name, tally);
      const outcome = test.outcome();
      if (outcome === "skipped") {
        tally.skipped += 1;
        continue;
      }
      tally.tried += 1;
      if (outcome === "expected" || outcome === "flaky") tally.passed += 1;
      else tally.failed += 1;
      if (outcome === "unexpected") tally.failures.push(test.title);
      for (const annotation of test.annotations) {
        if (annotation.type === FIGURE && annotation.description) tally.figures.push(annotation.description);
      }
    }

    const names = [...CATEGORIES.map((category) => category.name), UNTAGGED].filter(
      (name) => name !== UNTAGGED || tallies.has(name),
    );
    const width = Math.max(...names.map((name) => name.length)) + 2;
    const lines = ["", "Reliability report", ""];
    lines.push(
      `${pad("category", width)}${padLeft("tried", 7)}${padLeft("passed", 8)}${padLeft("failed", 8)}`,
    );
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const name of names) {
      const tally = tallies.get(name);
      passed += tally?.passed ?? 0;
      failed += tally?.failed ?? 0;
      skipped += tally?.skipped ?? 0;
      const row = `${pad(name, width)}${padLeft(tally?.tried ?? 0, 7)}${padLeft(tally?.passed ?? 0, 8)}${padLeft(tally?.failed ?? 0, 8)}`;
      lines.push(tally?.tried ? row : `${row}   ← no case ran`);
      // In a whole run, a category with no case at all is a hole in the report, not a pass.
      if (!tally?.tried && wholeSuite) failed += 1;
    }
    for (const name of names) {
      const tally = tallies.get(name);
      if (!tally?.figures.length && !tally?.failures.length) continue;
      lines.push("", `${name}:`);
      for (const figure of tally.figures) lines.push(`  ${figure}`);
      for (const failure of tally.failures) lines.push(`  FAILED: ${failure}`);
    }
    if (skipped) lines.push("", `${skipped} skipped (not counted)`);
    lines.push("", `${passed} passed, ${failed} failed`, "");
    const text = lines.join("\n");
    process.stdout.write(text);
    mkdirSync(this.outputDir, { recursive: true });
    writeFileSync(join(this.outputDir, "reliability-report.txt"), text);
  }

  printsToStdio(): boolean {
    return true;
  }
}
