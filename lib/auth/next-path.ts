// Where to send the browser after sign-in. Shared by the server (the /login page) and the sign-in form.

export const DEFAULT_NEXT_PATH = "/batches";

/** Only same-site paths are followed: `/x`, never `//host`, `/\host`, a full URL or the sign-in page itself. */
export function safeNextPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) return DEFAULT_NEXT_PATH;
  for (const character of value) {
    const code = character.charCodeAt(0);
    // Backslashes and control characters: browsers treat `/\host` as `//host`, and strip tabs and newlines.
    if (character === "\\" || code < 0x20 || code === 0x7f) return DEFAULT_NEXT_PATH;
  }
  if (value === "/login" || value.startsWith("/login?") || value.startsWith("/login#"))
    return DEFAULT_NEXT_PATH;
  return value;
}

/** The sign-in page, remembering where to go afterwards. */
export function loginPath(next: string): string {
  const target = safeNextPath(next);
  return target === DEFAULT_NEXT_PATH ? "/login" : `/login?next=${encodeURIComponent(target)}`;
}
