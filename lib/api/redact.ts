import "server-only";

const KEY_SHAPE = /sk-ant-[A-Za-z0-9_-]{8,}/g;

/** Removes the API key (exactly, and anything shaped like one) from text bound for a response or a log. */
export function redact(text: string): string {
  const key = process.env.ANTHROPIC_API_KEY;
  const exact = key && key.length >= 8 ? text.split(key).join("[REDACTED]") : text;
  return exact.replace(KEY_SHAPE, "[REDACTED]");
}
