// Every case of the bad-input corpus (tests/fixtures/bad-inputs/corpus.ts, security.md §3 and §5.2 cases
// 32–39) twice: to POST /api/batches as a script sends it, and through the upload form in Chromium as a
// person does. A refused file must be refused with its lines and reasons, and nothing may reach the upstream;
// a tolerated one creates exactly one batch holding exactly its requests. The tests of this file run in order
// in one worker, on one stack.
import { expect, type Page, test } from "@playwright/test";
import { Client } from "undici";
import { type BadInputCase, CORPUS, type Expected } from "../../fixtures/bad-inputs/corpus";
import {
  type EmulatorStats,
  errorOf,
  json,
  type Reply,
  type Stack,
  startStack,
  type WireBatch,
  waitForEnded,
} from "../api/harness";
import { NewBatchPage, watchCreates } from "../pages/new-batch-page";
import { CaseFiles } from "./bad-inputs/case-files";
import { formOutcomeText, routeOutcomeText, whereText } from "./bad-inputs/outcome-text";
import { recordFigure } from "./figures";

type Refused = Extract<Expected, { kind: "refused" }>;
type Accepted = Extract<Expected, { kind: "accepted" }>;

let stack: Stack;
let files: CaseFiles;
/** For the closing figure: cases that came out as expected per path, and upstream creates while refusing. */
const tally = {
  route: { accepted: 0, refused: 0 },
  form: { accepted: 0, refused: 0 },
  createsForRefused: 0,
};

test.beforeAll(async () => {
  files = new CaseFiles();
  // Fast processing: a tolerated file's batch is read back once it has ended.
  stack = await startStack({ emulator: { rate: Number.POSITIVE_INFINITY, latencyMs: 5 } });
});

test.afterAll(async () => {
  await stack?.stop();
  files?.removeAll();
});

/** The custom_ids of an ended batch's results, as the dashboard serves them. */
async function customIdsOf(id: string): Promise<string[]> {
  await waitForEnded(stack.dashboard, id);
  const reply = await stack.dashboard.get(`/api/batches/${id}/results`);
  expect(reply.status, reply.text.slice(0, 300)).toBe(200);
  return reply.text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => (JSON.parse(line) as { custom_id: string }).custom_id)
    .sort();
}

async function expectCreatedOnce(before: EmulatorStats, id: string, expected: Accepted): Promise<void> {
  const after = await stack.upstream.stats();
  expect(after.calls.create - before.calls.create, "upstream creates").toBe(1);
  expect(after.batches - before.batches, "upstream batches").toBe(1);
  expect(await customIdsOf(id)).toEqual([...expected.customIds].sort());
}

function expectRefusedByRoute(reply: Reply, expected: Refused): void {
  const error = errorOf(reply);
  if (expected.route) {
    expect(reply.status, reply.text).toBe(expected.route.status);
    expect(error.code).toBe(expected.route.code);
    expect(error.message).toContain(expected.route.reason);
    return;
  }
  expect(reply.status, reply.text.slice(0, 500)).toBe(422);
  expect(error.code).toBe("invalid_upload");
  expect(error.message).toContain("nothing was submitted");
  expect(error.problem_count).toBe(expected.problems.length);
  const problems = error.problems ?? [];
  expect(problems.map(({ line, column, code }) => ({ line, column, code }))).toEqual(
    expected.problems.map(({ line, column, code }) => ({ line, column, code })),
  );
  expected.problems.forEach((problem, i) => {
    expect(problems[i]?.message, `line ${problem.line}`).toContain(problem.reason);
  });
}

async function sendThroughRoute(input: BadInputCase): Promise<void> {
  const { body, contentType } = await files.uploadOf(input);
  // A streamed upload refused part-way leaves its connection unusable: it gets a connection of its own.
  const connection = Buffer.isBuffer(body) ? undefined : new Client(stack.dashboard.origin);
  const before = await stack.upstream.stats();
  let reply: Reply;
  try {
    reply = await stack.dashboard.upload(body, { contentType, dispatcher: connection });
  } finally {
    await connection?.destroy();
  }
  const { expected } = input;
  if (expected.kind === "accepted") {
    expect(reply.status, reply.text).toBe(200);
    await expectCreatedOnce(before, json<WireBatch>(reply).id, expected);
  } else {
    expectRefusedByRoute(reply, expected);
    const after = await stack.upstream.stats();
    tally.createsForRefused += after.calls.create - before.calls.create;
    // Not only no create: no upstream call of any kind.
    expect(after, "upstream calls and batches").toEqual(before);
  }
  tally.route[expected.kind] += 1;
}

async function openForm(page: Page): Promise<NewBatchPage> {
  await page.goto(`${stack.dashboard.origin}/batches/new`);
  const form = new NewBatchPage(page);
  await expect(form.form).toHaveAttribute("data-stage", "empty");
  return form;
}

async function expectListedByForm(page: Page, form: NewBatchPage, expected: Refused): Promise<void> {
  await form.expectChecked(false);
  expect(await form.listedProblems()).toEqual(expected.problems.map(({ line, code }) => [line, code]));
  await expect(form.problems).toHaveAttribute("data-total", String(expected.problems.length));
  for (const [i, problem] of expected.problems.entries()) {
    const row = form.problemRows.nth(i);
    await expect(row.locator("td").first()).toHaveText(whereText(problem));
    await expect(row).toContainText(problem.reason);
  }
  await expect(page.getByTestId("problem-count")).toContainText("nothing can be submitted");
  // No submit button at all: there is nothing to click, by mouse or keyboard.
  await expect(form.submit).toHaveCount(0);
}

async function sendThroughForm(page: Page, input: BadInputCase): Promise<void> {
  const path = await files.pathOf(input);
  const form = await openForm(page);
  const creates = watchCreates(page);
  const before = await stack.upstream.stats();
  await form.choose(path);
  const { expected } = input;
  if (expected.kind === "accepted") {
    await form.expectChecked(true);
    await expect(form.verdict).toContainText(`All ${expected.customIds.length} requests valid`);
    await form.submit.click();
    await expect(page).toHaveURL(/\/batches\/msgbatch_[A-Za-z0-9_-]+$/, { timeout: 30_000 });
    expect(creates, "POST /api/batches from the page").toHaveLength(1);
    await expectCreatedOnce(before, new URL(page.url()).pathname.split("/").at(-1) ?? "", expected);
  } else {
    await expectListedByForm(page, form, expected);
    expect(creates, "POST /api/batches from the page").toEqual([]);
    const after = await stack.upstream.stats();
    tally.createsForRefused += after.calls.create - before.calls.create;
    expect(after.calls.create, "upstream creates").toBe(before.calls.create);
    expect(after.batches, "upstream batches").toBe(before.batches);
  }
  tally.form[expected.kind] += 1;
}

for (const input of CORPUS) {
  test(`[input] route: ${input.summary} (${input.source}) → ${routeOutcomeText(input)}`, async () => {
    await sendThroughRoute(input);
  });

  test(`[input] form: ${input.summary} (${input.source}) → ${formOutcomeText(input)}`, async ({ page }) => {
    try {
      await sendThroughForm(page, input);
    } finally {
      files.release(input);
    }
  });
}

test("[input] bad-input corpus tally: no upstream create for a refused file, no unexpected server error", () => {
  const refused = CORPUS.filter((input) => input.expected.kind === "refused").length;
  const { route, form } = tally;
  expect(tally.createsForRefused).toBe(0);
  // No file, however broken, may reach the server's catch-all for errors it did not expect.
  expect(stack.dashboard.output.join("")).not.toContain("unexpected error");
  recordFigure(
    `bad inputs: ${refused} files × 2 paths refused with line and reason (route ${route.refused}, ` +
      `form ${form.refused}); ${CORPUS.length - refused} tolerated files created once each (route ` +
      `${route.accepted}, form ${form.accepted}); upstream creates for refused files: ${tally.createsForRefused}`,
  );
});
