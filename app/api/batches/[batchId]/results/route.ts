import { retrieveBatch, streamBatchResults } from "@/lib/anthropic/batches";
import { AppError } from "@/lib/api/errors";
import { route } from "@/lib/api/handler";
import { verifiedResultsStream } from "@/lib/api/verified-results";
import { BatchIdSchema } from "@/lib/schemas/batch";

// GET /api/batches/:batchId/results[?download=1] — the results JSONL, streamed through as it arrives.
export const GET = route<{ batchId: string }>({ mutating: false }, async (request, { batchId }) => {
  const id = BatchIdSchema.parse(batchId);
  const batch = await retrieveBatch(id);
  if (batch.processing_status !== "ended") {
    throw new AppError(
      "conflict",
      `Batch ${id} is ${batch.processing_status}; its results exist once it has ended.`,
    );
  }
  const { succeeded, errored, canceled, expired } = batch.request_counts;
  const expected = succeeded + errored + canceled + expired;
  const upstream = await streamBatchResults(id, request.signal);
  const headers: Record<string, string> = {
    "content-type": "application/x-ndjson; charset=utf-8",
    "cache-control": "no-store",
    "x-accel-buffering": "no",
    "x-content-type-options": "nosniff",
    "x-results-expected": String(expected),
  };
  const requestId = upstream.headers["request-id"];
  if (typeof requestId === "string") headers["request-id"] = requestId;
  if (new URL(request.url).searchParams.get("download") === "1") {
    headers["content-disposition"] = `attachment; filename="${id}-results.jsonl"`;
  }
  return new Response(verifiedResultsStream(upstream.body, expected), { status: 200, headers });
});
