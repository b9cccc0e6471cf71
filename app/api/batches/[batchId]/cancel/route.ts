import { cancelBatch } from "@/lib/anthropic/batches";
import { route } from "@/lib/api/handler";
import { asStateConflict, json, presentBatch } from "@/lib/api/respond";
import { BatchIdSchema } from "@/lib/schemas/batch";

// POST /api/batches/:batchId/cancel — requests not yet started become canceled; the batch then ends.
export const POST = route<{ batchId: string }>(
  { mutating: true, body: "none" },
  async (_request, { batchId }) => {
    const id = BatchIdSchema.parse(batchId);
    try {
      return json(presentBatch(await cancelBatch(id)));
    } catch (error) {
      throw asStateConflict(error);
    }
  },
);
