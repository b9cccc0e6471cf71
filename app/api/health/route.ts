import { route } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { checkHealth } from "@/lib/health/check-health";

// GET /api/health — liveness plus upstream reachability, no sign-in needed; Playwright's webServer waits on it.
// Still behind the Host check, so a DNS-rebinding page cannot read even this.
export const GET = route({ mutating: false, anonymous: true }, async () => json(await checkHealth()));
