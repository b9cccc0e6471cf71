import { type Dirent, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Everything `next build` reads; a change to any of them makes the standalone build stale. */
export const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "next.config.ts",
  "tailwind.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
] as const;

/** Newest modification time under `path` in ms since the epoch; 0 when it does not exist. */
export function newestMtimeMs(path: string): number {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  const entries: Dirent[] = readdirSync(path, { withFileTypes: true });
  for (const entry of entries) {
    newest = Math.max(newest, newestMtimeMs(join(path, entry.name)));
  }
  return newest;
}

/**
 * True when `npm start` must build first: no standalone server, no copied static assets (the build's
 * second step did not run), or a build input changed after the server was written.
 */
export function isBuildStale(root: string): boolean {
  const builtAt = newestMtimeMs(join(root, ".next", "standalone", "server.js"));
  if (builtAt === 0) return true;
  if (newestMtimeMs(join(root, ".next", "standalone", ".next", "static")) === 0) return true;
  return BUILD_INPUTS.some((input) => newestMtimeMs(join(root, input)) > builtAt);
}
