import "server-only";
import { createHash } from "node:crypto";
import { createBatch, listBatches } from "../anthropic/batches";
import { UpstreamError } from "../anthropic/errors";
import { AppError } from "../api/errors";
import { MAX_BODY_BYTES } from "../batch-file/limits";
import { BatchFileValidator } from "../batch-file/validate";
import type { MessageBatch } from "../schemas/batch";
import { createJournal } from "./create-journal";
import { Spool } from "./spool";

const FORMATS: Record<string, "jsonl" | "json"> = {
  "application/x-ndjson": "jsonl",
  "application/jsonl": "jsonl",
  "application/x-jsonl": "jsonl",
  "application/json": "json",
};
/** Uploads validated at once; more would multiply memory and disk, so the rest are asked to come back. */
const MAX_CONCURRENT_UPLOADS = 2;
const RECONCILE_ATTEMPTS = 6;
const RECONCILE_INTERVAL_MS = 2000;
/** Batches looked at when reconciling: far more than can be created while one answer is lost. */
const RECONCILE_PAGE = 100;
const CLOCK_MARGIN_MS = 60_000;

let uploadsInProgress = 0;

export interface CreateOutcome {
  batch: MessageBatch;
  /** The batch an earlier submit with the same Idempotency-Key created. */
  replayed: boolean;
  /** The create's answer was lost and the batch was found by reconciliation. */
  recovered?: boolean;
}

interface Upload {
  sha256: string;
  requests: number;
  body: Awaited<ReturnType<Spool["finish"]>>;
}

function uploadFormat(request: Request): "jsonl" | "json" {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const format = FORMATS[type];
  if (!format) {
    throw new AppError(
      "bad_request",
      'Send the request file as application/x-ndjson (JSONL) or application/json (an array or {"requests": [...]}).',
    );
  }
  return format;
}

/**
 * Reads the upload as it streams in, validating every line and spooling the canonical body. Nothing is sent
 * anywhere until the last byte has arrived and every line has passed.
 */
const tooLarge = () =>
  new AppError(
    "payload_too_large",
    `The file exceeds the ${MAX_BODY_BYTES.toLocaleString("en")}-byte batch limit; nothing was submitted.`,
    // The rest of the body is never read, so this connection cannot carry another request.
    { close: true },
  );

/** What can be refused from the headers alone, before a spool file exists. */
function precheck(request: Request): {
  format: "jsonl" | "json";
  declared: number;
  body: ReadableStream<Uint8Array>;
} {
  const format = uploadFormat(request);
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) {
    throw new AppError("bad_request", "The request has no body: send the request file as the body.");
  }
  return { format, declared, body: request.body };
}

async function receive(
  request: Request,
  spool: Spool,
  { format, declared, body }: ReturnType<typeof precheck>,
): Promise<Upload> {
  const validator = new BatchFileValidator({ format, onRequest: (canonical) => spool.add(canonical) });
  const hash = createHash("sha256");
  let bytes = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    hash.update(value);
    validator.push(value);
    await spool.drained();
  }
  if (Number.isFinite(declared) && declared !== bytes) {
    throw new AppError(
      "bad_request",
      `The upload was cut short: ${bytes} of ${declared} bytes arrived; nothing was submitted.`,
    );
  }
  const sha256 = hash.digest("hex");
  const expectedBytes = request.headers.get("x-upload-bytes");
  const expectedSha = request.headers.get("x-upload-sha256");
  if (
    (expectedBytes && Number(expectedBytes) !== bytes) ||
    (expectedSha && expectedSha.toLowerCase() !== sha256)
  ) {
    throw new AppError(
      "bad_request",
      "The file that arrived differs from the one the browser checked; nothing was submitted.",
    );
  }

  const summary = validator.end();
  if (!summary.ok) {
    const shown = summary.problems.length;
    throw new AppError(
      "invalid_upload",
      `${summary.problemCount} problem${summary.problemCount === 1 ? "" : "s"} found${summary.problemCount > shown ? ` (the first ${shown} listed)` : ""}; nothing was submitted.`,
      { problems: summary.problems, problem_count: summary.problemCount },
    );
  }
  return { sha256, requests: summary.requests, body: await spool.finish() };
}

/** The batches that exist before we send a create: none of them can be the one it makes. */
async function existingBatchIds(): Promise<Set<string>> {
  const page = await listBatches({ limit: RECONCILE_PAGE }, { fresh: true }).catch(() => undefined);
  return new Set(page?.data.map((batch) => batch.id));
}

/**
 * The batches that may be the one a lost create made: not older than `notBefore` (ms since the epoch), not
 * in `before`, with exactly as many requests, and not one this dashboard already knows.
 */
async function candidates(
  requests: number,
  { before, notBefore }: { before?: Set<string>; notBefore?: number },
): Promise<MessageBatch[] | undefined> {
  const page = await listBatches({ limit: RECONCILE_PAGE }, { fresh: true }).catch(() => undefined);
  if (!page) return undefined;
  const known = createJournal.knownBatchIds();
  return page.data.filter((batch) => {
    const { processing, succeeded, errored, canceled, expired } = batch.request_counts;
    return (
      !before?.has(batch.id) &&
      !known.has(batch.id) &&
      (notBefore === undefined || Date.parse(batch.created_at) >= notBefore) &&
      processing + succeeded + errored + canceled + expired === requests
    );
  });
}

/** Exactly one candidate is ours; several cannot be told apart, so the user has to look. */
function adoptOne(matches: MessageBatch[]): MessageBatch | undefined {
  if (matches.length > 1) {
    throw new AppError(
      "conflict",
      `The create's answer was lost and ${matches.length} matching batches exist (${matches.map((b) => b.id).join(", ")}); check them before retrying.`,
    );
  }
  return matches[0];
}

/** After a create whose answer was lost, looks for the batch it may have made, for a while. */
async function reconcile(before: Set<string>, requests: number): Promise<MessageBatch | undefined> {
  for (let attempt = 0; attempt < RECONCILE_ATTEMPTS; attempt++) {
    const matches = await candidates(requests, { before });
    if (matches?.length) return adoptOne(matches);
    await new Promise((resolve) => setTimeout(resolve, RECONCILE_INTERVAL_MS));
  }
  return undefined;
}

/**
 * A create under this key was under way when an earlier dashboard process died: it may have reached the
 * upstream. Its batch, if any, exists by now (the connection died with the process), so one look decides.
 * The upstream's clock may differ from ours by a little, hence the margin.
 */
async function findInterrupted(startedAt: number, requests: number): Promise<MessageBatch | undefined> {
  const matches = await candidates(requests, { notBefore: startedAt - CLOCK_MARGIN_MS });
  if (!matches) {
    throw new AppError(
      "upstream_unavailable",
      "An earlier attempt of this upload was interrupted and the Anthropic API cannot be asked whether it created the batch; try again shortly.",
    );
  }
  return adoptOne(matches);
}

/** Whether a failed create certainly created nothing upstream. */
function certainlyNotCreated(error: UpstreamError): boolean {
  if (error.failure === "connect") return true;
  return error.failure === "http" && ((error.status ?? 500) < 500 || error.status === 529);
}

async function submit(upload: Upload, key: string | undefined): Promise<CreateOutcome> {
  if (key) {
    const claim = await createJournal.claim(key, upload.sha256, upload.requests);
    if (claim.kind === "replay") return { batch: claim.batch, replayed: true };
    if (claim.kind === "interrupted") {
      const found = await findInterrupted(claim.startedAt, upload.requests).catch((error) => {
        createJournal.release(key);
        throw error;
      });
      if (found) {
        await createJournal.settle(key, { batch: found });
        return { batch: found, replayed: false, recovered: true };
      }
    }
  }
  const before = await existingBatchIds();
  try {
    const batch = await createBatch(upload.body);
    if (key) await createJournal.settle(key, { batch });
    return { batch, replayed: false };
  } catch (error) {
    if (!(error instanceof UpstreamError) || certainlyNotCreated(error)) {
      if (key) await createJournal.settle(key, { failed: true });
      throw error;
    }
    const recovered = await reconcile(before, upload.requests).catch(async (reconcileError) => {
      if (key) await createJournal.settle(key, { failed: true });
      throw reconcileError;
    });
    if (key) await createJournal.settle(key, recovered ? { batch: recovered } : { failed: true });
    if (recovered) return { batch: recovered, replayed: false, recovered: true };
    throw new AppError(
      "upstream_unavailable",
      `The Anthropic API did not confirm the create and no matching batch appeared within ${(RECONCILE_ATTEMPTS * RECONCILE_INTERVAL_MS) / 1000} s; check the batch list before submitting again.`,
    );
  }
}

/**
 * POST /api/batches: validate the streamed file, then make exactly one upstream create, or none. Once the
 * upload has fully arrived the create is no longer tied to the browser: closing the tab cannot leave it
 * half-done, and the journal keeps its outcome for a retry with the same Idempotency-Key.
 */
export async function createBatchFromUpload(request: Request): Promise<CreateOutcome> {
  const key = request.headers.get("idempotency-key") ?? undefined;
  if (key !== undefined && !/^[A-Za-z0-9_-]{8,200}$/.test(key)) {
    throw new AppError("bad_request", "Idempotency-Key must be 8–200 letters, digits, '-' or '_'.");
  }
  if (uploadsInProgress >= MAX_CONCURRENT_UPLOADS) {
    throw new AppError("rate_limited", "Other uploads are being checked; try again in a few seconds.", {
      retry_after: 5,
    });
  }
  const upload = precheck(request);
  uploadsInProgress += 1;
  let spool: Spool | undefined;
  try {
    spool = await Spool.open();
    const received = await receive(request, spool, upload);
    return await submit(received, key);
  } finally {
    uploadsInProgress -= 1;
    await spool?.discard();
  }
}
