import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const appDir = join(import.meta.dirname, "..", "..", "..", "app");

/** Pages that need no session: the sign-in page itself, and `/`, which only redirects to /batches. */
const PUBLIC_PAGES = new Map([
  ["login/page.tsx", /getPageAccess\(\)/],
  ["page.tsx", /^\s*redirect\("\/batches"\);\s*$/m],
]);

function pages(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "api" && dir === appDir ? [] : pages(path);
    return /^page\.(tsx|ts|jsx|js|mdx)$/.test(entry.name) ? [relative(appDir, path)] : [];
  });
}

// Next renders a page's segment even when a layout leaves `children` out, and client-side navigations skip
// the layouts, so a page is protected only by its own check (lib/auth/page-access.ts).
describe("every page checks access first", () => {
  const found = pages(appDir);

  it("finds the pages", () =>
    expect(found).toEqual(expect.arrayContaining(["batches/page.tsx", "login/page.tsx"])));

  it.each(found)("%s", (page) => {
    const source = readFileSync(join(appDir, page), "utf8");
    const publicRule = PUBLIC_PAGES.get(page);
    if (publicRule) {
      expect(source).toMatch(publicRule);
      return;
    }
    const body = source.slice(source.indexOf("export default"));
    // The first statement of the page component, with the page's path (dynamic segments as a template).
    expect(body).toMatch(
      /^export default async function \w+\([^)]*\)[^{]*\{\s*(?:const [^=]+=\s*)?await requirePageAccess\(/,
    );
  });
});

function routes(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routes(path);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [relative(appDir, path)] : [];
  });
}

describe("every route handler goes through guard()", () => {
  const found = routes(join(appDir, "api"));

  it("finds the routes", () => expect(found).toEqual(expect.arrayContaining(["api/auth/login/route.ts"])));

  it.each(found)("%s", (file) => {
    const source = readFileSync(join(appDir, file), "utf8");
    const verbs = [
      ...source.matchAll(
        /export\s+(?:const|async function|function)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g,
      ),
    ];
    expect(verbs.length).toBeGreaterThan(0);
    // Each verb is `export const VERB = route(...)` (lib/api/handler.ts calls guard() first).
    for (const [declaration, verb] of verbs) {
      expect(declaration, verb).toMatch(/^export\s+const/);
      expect(source, verb).toMatch(new RegExp(`export const ${verb} = route(?:<[^>]*>)?\\(`));
    }
  });

  it("has no proxy.ts or middleware.ts, which would cut request bodies at 10 MB (security.md finding 2)", () => {
    const root = join(appDir, "..");
    for (const name of ["proxy", "middleware"]) {
      for (const ext of ["ts", "js", "mjs", "tsx"]) {
        expect(readdirSync(root)).not.toContain(`${name}.${ext}`);
      }
    }
  });
});
