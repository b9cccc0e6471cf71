import { createHash, randomBytes } from "node:crypto";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function base58(bytes: Uint8Array, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += BASE58[(bytes[i % bytes.length] ?? 0) % 58];
  return out;
}

/** Ids shaped like the real API's: a prefix, then `01` and 22 base58 characters. */
function randomId(prefix: string): string {
  return `${prefix}01${base58(randomBytes(22), 22)}`;
}

export const newBatchId = () => randomId("msgbatch_");
export const newRequestId = () => `req_011C${base58(randomBytes(20), 20)}`;

/** Message ids are derived, so the same batch always reports the same result lines. */
export function messageIdFor(batchId: string, customId: string): string {
  const digest = createHash("sha256").update(batchId).update("\0").update(customId).digest();
  return `msg_01${base58(digest, 22)}`;
}

/** Batch ids accepted on by-id routes; anything else can never name a batch. */
export const BATCH_ID_PATTERN = /^msgbatch_[A-Za-z0-9]{1,64}$/;
