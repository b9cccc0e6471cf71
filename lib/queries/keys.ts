import type { ListQuery } from "../batches/list-query";

/** Every batch query key; lists and details share the `["batches"]` root so one filter reaches both. */
export const batchKeys = {
  all: ["batches"] as const,
  lists: () => [...batchKeys.all, "list"] as const,
  list: (query: ListQuery) => [...batchKeys.lists(), query] as const,
  details: () => [...batchKeys.all, "detail"] as const,
  detail: (id: string) => [...batchKeys.details(), id] as const,
};
