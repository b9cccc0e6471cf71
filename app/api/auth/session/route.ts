import { route } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { authConfig } from "@/lib/auth/config";

// GET /api/auth/session — who the caller is (401 without a session when a password is set).
export const GET = route({ mutating: false }, async (_request, _params, principal) => {
  return json({
    principal: principal.kind,
    login_required: authConfig().loginRequired,
    expires_at: principal.kind === "session" ? new Date(principal.expiresAt).toISOString() : null,
  });
});
