import { checkHealth } from "@/lib/health/check-health";

// GET /api/health — liveness plus upstream reachability; Playwright's webServer waits on it.
export async function GET() {
  return Response.json(await checkHealth());
}
