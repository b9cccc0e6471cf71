import { z } from "zod";

/**
 * Batch ids as we accept them before any upstream call. Looser than today's ids (the API says their
 * format may change) but never a path segment, a dot, a slash or a query.
 */
export const BATCH_ID_PATTERN = /^msgbatch_[A-Za-z0-9_-]{1,200}$/;
export const BatchIdSchema = z.string().regex(BATCH_ID_PATTERN, "not a Message Batch id (msgbatch_…)");

export const ProcessingStatusSchema = z.enum(["in_progress", "canceling", "ended"]);
export type ProcessingStatus = z.infer<typeof ProcessingStatusSchema>;

const count = z.number().int().nonnegative();
export const RequestCountsSchema = z.looseObject({
  processing: count,
  succeeded: count,
  errored: count,
  canceled: count,
  expired: count,
});
export type RequestCounts = z.infer<typeof RequestCountsSchema>;

const timestamp = z.string();

/** The `message_batch` object. Loose: fields the API adds later pass through untouched. */
export const MessageBatchSchema = z.looseObject({
  id: BatchIdSchema,
  type: z.literal("message_batch"),
  processing_status: ProcessingStatusSchema,
  request_counts: RequestCountsSchema,
  ended_at: timestamp.nullable(),
  created_at: timestamp,
  expires_at: timestamp,
  archived_at: timestamp.nullable().optional(),
  cancel_initiated_at: timestamp.nullable(),
  results_url: z.string().nullable(),
});
export type MessageBatch = z.infer<typeof MessageBatchSchema>;

export const BatchListSchema = z.looseObject({
  data: z.array(MessageBatchSchema),
  has_more: z.boolean(),
  first_id: z.string().nullable(),
  last_id: z.string().nullable(),
});
export type BatchList = z.infer<typeof BatchListSchema>;

export const DeletedBatchSchema = z.looseObject({
  id: BatchIdSchema,
  type: z.literal("message_batch_deleted"),
});
export type DeletedBatch = z.infer<typeof DeletedBatchSchema>;

export const PAGE_SIZES = [20, 50, 100] as const;

export const ListBatchesQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(20),
    after_id: BatchIdSchema.optional(),
    before_id: BatchIdSchema.optional(),
  })
  .strict()
  .refine((query) => !(query.after_id && query.before_id), "give after_id or before_id, not both");
export type ListBatchesQuery = z.infer<typeof ListBatchesQuerySchema>;
