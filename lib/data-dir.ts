import "server-only";
import path from "node:path";

/** Where the dashboard keeps its own files (upload spool, create journal); `BATCHBOARD_DATA_DIR`, default `.data`. */
export function dataDir(...parts: string[]): string {
  return path.resolve(process.env.BATCHBOARD_DATA_DIR || ".data", ...parts);
}
