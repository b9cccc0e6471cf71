import type { NextConfig } from "next";

const projectRoot = import.meta.dirname;

// Next's inline bootstrap scripts rule out a strict script-src without nonces (which need a proxy.ts, and a
// proxy would cut upload bodies at 10 MB); these directives are the ones that stay safe alongside them: no
// framing (clickjacking the Cancel button), no plugins, no <base> hijacking, forms post only here.
const contentSecurityPolicy =
  "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";

const nextConfig: NextConfig = {
  output: "standalone",
  // Pin both roots to this directory: otherwise Next guesses a workspace root above it and nests
  // server.js under a relative path inside .next/standalone.
  turbopack: { root: projectRoot },
  outputFileTracingRoot: projectRoot,
  poweredByHeader: false,
  typescript: {
    // `npm run typecheck` (next typegen && tsc --noEmit) runs as its own step in `npm test` and CI, so the
    // build does not pay for a second check.
    ignoreBuildErrors: true,
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Content-Security-Policy", value: contentSecurityPolicy },
          // For browsers that predate frame-ancestors.
          { key: "X-Frame-Options", value: "DENY" },
          // Other sites may neither embed our responses (a no-cors <script>/<img> load of /api) nor keep a
          // handle on a window they opened to us.
          { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      {
        // API answers carry batch data; no shared cache may keep or replay them.
        source: "/api/:path*",
        headers: [{ key: "Cache-Control", value: "no-store" }],
      },
    ];
  },
};

export default nextConfig;
