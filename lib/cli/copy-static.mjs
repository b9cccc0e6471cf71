// Second step of `npm run build`: the standalone server does not carry the client assets or public/, and
// serves them only from beside its own server.js (Next's self-hosting docs; stack-notes §7.3).
import { cpSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const standalone = join(root, ".next", "standalone");

if (!existsSync(join(standalone, "server.js"))) {
  console.error('copy-static: .next/standalone/server.js is missing; is `output: "standalone"` still set?');
  process.exit(1);
}

for (const [from, to] of [
  [join(root, ".next", "static"), join(standalone, ".next", "static")],
  [join(root, "public"), join(standalone, "public")],
]) {
  rmSync(to, { recursive: true, force: true });
  if (existsSync(from)) cpSync(from, to, { recursive: true });
}
