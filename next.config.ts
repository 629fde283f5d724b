import type { NextConfig } from "next";
import { contentSecurityPolicy } from "./lib/http/content-security-policy";

// Security headers on every response. Pages get their Content-Security-Policy, with a nonce for
// each request, from proxy.ts; the paths it does not run on (API routes, static files, the
// favicon) get the same policy without a nonce here, so no response has two policies.
const NOT_PAGES = ["/api/:path*", "/_next/:path*", "/favicon.ico"];
const staticPolicy = contentSecurityPolicy({ development: process.env.NODE_ENV === "development" });

const nextConfig: NextConfig = {
  // Separate build folders let several checkouts' test runs build side by side.
  distDir: process.env.SLUICE_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // `npm test` type-checks the whole project (tsc --noEmit); the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      ...NOT_PAGES.map((source) => ({ source, headers: [{ key: "Content-Security-Policy", value: staticPolicy }] })),
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
