import { isSecureRequest } from "@/lib/api/guard";
import { route } from "@/lib/api/handler";
import { authConfig } from "@/lib/auth/config";
import { clearedSessionCookies } from "@/lib/auth/session";

// POST /api/auth/logout — clears the session cookie. Anyone may ask, but only from the dashboard's own pages.
export const POST = route({ mutating: true, body: "none", anonymous: true }, async (request) => {
  const headers = new Headers({ "cache-control": "no-store" });
  for (const cookie of clearedSessionCookies(isSecureRequest(request, authConfig()))) {
    headers.append("set-cookie", cookie);
  }
  return new Response(null, { status: 204, headers });
});
