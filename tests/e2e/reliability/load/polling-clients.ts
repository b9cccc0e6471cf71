// Browser-like clients for the load case: each opens a page once, then polls the API route that page's
// React Query hook polls, at the app's own interval, on its own keep-alive connections, until a deadline.
import { Pool } from "undici";
import { sleep } from "../../api/harness";

export interface ClientPlan {
  /** The page the client opens first, e.g. `/batches`. */
  page: string;
  /** The API path it then polls, e.g. `/api/batches?limit=20`. */
  poll: string;
  intervalMs: number;
}

export interface Exchange {
  kind: "page" | "poll";
  ms: number;
  ok: boolean;
}

/** A browser keeps a handful of connections per origin; two are plenty for one page's polling. */
const CONNECTIONS_PER_CLIENT = 2;

async function timedGet(pool: Pool, path: string, kind: Exchange["kind"]): Promise<Exchange> {
  const started = performance.now();
  try {
    const response = await pool.request({ path, method: "GET", headersTimeout: 30_000, bodyTimeout: 30_000 });
    await response.body.arrayBuffer();
    return { kind, ms: performance.now() - started, ok: response.statusCode === 200 };
  } catch {
    return { kind, ms: performance.now() - started, ok: false };
  }
}

/** Runs one client until `deadline` (a `performance.now()` time); every exchange is returned. */
export async function runClient(origin: string, plan: ClientPlan, deadline: number): Promise<Exchange[]> {
  const pool = new Pool(origin, { connections: CONNECTIONS_PER_CLIENT });
  const exchanges: Exchange[] = [];
  try {
    exchanges.push(await timedGet(pool, plan.page, "page"));
    // Tabs are opened at different moments, so their polls are not in step.
    await sleep(Math.random() * plan.intervalMs);
    while (performance.now() < deadline) {
      exchanges.push(await timedGet(pool, plan.poll, "poll"));
      await sleep(plan.intervalMs);
    }
  } finally {
    await pool.close();
  }
  return exchanges;
}

/** The value below which `fraction` of the sorted samples fall (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
