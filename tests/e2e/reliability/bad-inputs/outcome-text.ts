// How a corpus case's expected outcome reads in a test title and in the form's problem list.
import type { BadInputCase, ExpectedProblem } from "../../../fixtures/bad-inputs/corpus";

/** "3", "2–9", "1, 3": lines (ascending) with consecutive ones as ranges. */
function linesText(lines: number[]): string {
  const ranges: [number, number][] = [];
  for (const line of lines) {
    const last = ranges.at(-1);
    if (last && line === last[1] + 1) last[1] = line;
    else ranges.push([line, line]);
  }
  return ranges.map(([first, end]) => (first === end ? `${first}` : `${first}–${end}`)).join(", ");
}

/** "invalid_utf8 on line 9", "bad_custom_id on lines 2–9", "no_requests (the file)". */
export function problemsText(problems: ExpectedProblem[]): string {
  const byCode = new Map<string, number[]>();
  for (const { code, line } of problems) {
    const lines = byCode.get(code) ?? [];
    if (!lines.includes(line)) lines.push(line);
    byCode.set(code, lines);
  }
  return [...byCode]
    .map(([code, lines]) =>
      lines.length === 1 && lines[0] === 0
        ? `${code} (the file)`
        : `${code} on line${lines.length > 1 ? "s" : ""} ${linesText(lines)}`,
    )
    .join(", ");
}

export function routeOutcomeText({ expected }: BadInputCase): string {
  if (expected.kind === "accepted") return `200, ${expected.customIds.length} requests created once`;
  if (expected.route) return `${expected.route.status} ${expected.route.code}`;
  return `422 ${problemsText(expected.problems)}`;
}

export function formOutcomeText({ expected }: BadInputCase): string {
  if (expected.kind === "accepted") return `all ${expected.customIds.length} valid, submitted once`;
  return `listed: ${problemsText(expected.problems)}; cannot submit`;
}

/** Where the form's list says a problem is (components/batches/create-batch/problem-list.tsx). */
export function whereText({ line, column }: ExpectedProblem): string {
  if (line === 0) return "file";
  return column === undefined ? String(line) : `${line}:${column}`;
}
