import { deleteBatch, retrieveBatch } from "@/lib/anthropic/batches";
import { route } from "@/lib/api/handler";
import { asStateConflict, json, presentBatch } from "@/lib/api/respond";
import { BatchIdSchema } from "@/lib/schemas/batch";

type Params = { batchId: string };

// GET /api/batches/:batchId — one batch, as the API reports it now.
export const GET = route<Params>({ mutating: false }, async (_request, { batchId }) => {
  const id = BatchIdSchema.parse(batchId);
  return json(presentBatch(await retrieveBatch(id)));
});

// DELETE /api/batches/:batchId — only an ended batch can be deleted.
export const DELETE = route<Params>({ mutating: true, body: "none" }, async (_request, { batchId }) => {
  const id = BatchIdSchema.parse(batchId);
  try {
    return json(await deleteBatch(id));
  } catch (error) {
    throw asStateConflict(error);
  }
});
