// Constant-time comparison of a secret a client sent with the configured one (password, API token).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Both sides go through HMAC with a per-process random key first, so the comparison always runs over two
 * 32-byte digests: neither the length of the secret nor the position of the first wrong character shows
 * in the time it takes.
 */
const COMPARE_KEY = randomBytes(32);

function digest(value: string): Buffer {
  return createHmac("sha256", COMPARE_KEY).update(value, "utf8").digest();
}

/** True when `given` equals `expected`; always false when nothing is configured. */
export function secretsMatch(given: string | null | undefined, expected: string | undefined): boolean {
  if (expected === undefined || expected === "") return false;
  // Hash even when nothing was sent, so a missing value takes the same time as a wrong one.
  const equal = timingSafeEqual(digest(given ?? ""), digest(expected));
  return equal && typeof given === "string";
}
