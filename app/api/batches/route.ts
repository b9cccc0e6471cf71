import { listBatches } from "@/lib/anthropic/batches";
import { route } from "@/lib/api/handler";
import { json, presentBatch } from "@/lib/api/respond";
import { ListBatchesQuerySchema } from "@/lib/schemas/batch";
import { createBatchFromUpload } from "@/lib/uploads/create-from-upload";

// GET /api/batches?limit=&after_id=&before_id= — one page of the workspace's batches, newest first.
export const GET = route({ mutating: false }, async (request) => {
  const query = ListBatchesQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listBatches(query);
  return json({ ...page, data: page.data.map(presentBatch) });
});

// POST /api/batches — the request file as a streamed raw body; one batch is created, or none.
export const POST = route({ mutating: true, body: "upload" }, async (request) => {
  const { batch, replayed, recovered } = await createBatchFromUpload(request);
  const headers: Record<string, string> = {};
  if (replayed) headers["idempotent-replayed"] = "true";
  if (recovered) headers["x-batch-recovered"] = "true";
  return json(presentBatch(batch), { headers });
});
