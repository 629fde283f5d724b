// The production web server: Next's request handler behind a plain Node HTTP server, so the
// address a request came from is taken from the connection itself. `next start` keeps an
// X-Forwarded-For the client sent (it sets the header only when absent), so anyone could claim any
// address and step around the sign-in limit per address (lib/users/authenticate.ts).
//
//   node scripts/web-server.mjs -H 127.0.0.1 -p 3000     # what `npm start` runs (after the build)
//
// SLUICE_TRUSTED_PROXIES: how many reverse proxies (load balancer, CDN) stand in front of Sluice
// and append to X-Forwarded-For; 0 (the default) trusts none of the header, and drops any
// X-Forwarded-Host a client sent (Next compares a server action's Origin with that header when
// present, so a forged one would match a foreign Origin).
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/**
 * The client's address: the connection's peer with no trusted proxies; behind n of them, the
 * address the outermost one saw (the n-th entry from the right of X-Forwarded-For plus the peer).
 * Whatever the client wrote further left is ignored.
 *
 * @param {string | string[] | undefined} forwardedFor
 * @param {string | undefined} peer
 * @param {number} trustedProxies
 * @returns {string | null}
 */
export function clientAddress(forwardedFor, peer, trustedProxies) {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const hops = [
    ...header
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
    ...(peer ? [peer] : []),
  ];
  // Past the proxies we trust, the chain is the client's word; too short a chain means a request
  // that did not come through them all, and its leftmost (nearest the client) entry is the best known.
  const index = Math.max(0, hops.length - 1 - trustedProxies);
  return normalizeAddress(hops[index] ?? null);
}

/**
 * Rewrites the forwarded headers of an incoming request to what Sluice believes: X-Forwarded-For
 * becomes the one client address (or goes), and with no trusted proxy X-Forwarded-Host goes (Next
 * then fills it in from Host).
 *
 * @param {import("node:http").IncomingHttpHeaders} headers
 * @param {string | undefined} peer
 * @param {number} trustedProxies
 */
export function trustForwardedHeaders(headers, peer, trustedProxies) {
  const address = clientAddress(headers["x-forwarded-for"], peer, trustedProxies);
  if (address) headers["x-forwarded-for"] = address;
  else delete headers["x-forwarded-for"];
  if (trustedProxies === 0) delete headers["x-forwarded-host"];
}

/** "::ffff:127.0.0.1" (IPv4 on a dual-stack socket) → "127.0.0.1", so one client has one address. */
function normalizeAddress(address) {
  if (!address) return null;
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice("::ffff:".length) : address;
}

/** @param {string | undefined} value */
export function trustedProxiesFrom(value) {
  if (value === undefined || value.trim() === "") return 0;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0 || count > 10) {
    throw new Error(
      `SLUICE_TRUSTED_PROXIES must be a whole number from 0 to 10 (the reverse proxies in front of Sluice), not "${value}".`,
    );
  }
  return count;
}

async function main() {
  const { values } = parseArgs({
    options: {
      hostname: { type: "string", short: "H", default: "127.0.0.1" },
      port: { type: "string", short: "p", default: "3000" },
    },
  });
  const port = Number(values.port);
  const trustedProxies = trustedProxiesFrom(process.env.SLUICE_TRUSTED_PROXIES);
  // As `next start` does, before Next is loaded.
  process.env.NODE_ENV = "production";
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: path.resolve(import.meta.dirname, ".."), hostname: values.hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((request, response) => {
    trustForwardedHeaders(request.headers, request.socket.remoteAddress, trustedProxies);
    void handle(request, response);
  });
  // Longer than a load balancer's idle timeout (often 60 s), as `next start` has it.
  server.keepAliveTimeout = 65_000;
  server.listen(port, values.hostname, () =>
    console.log(`[sluice web] listening on http://${values.hostname}:${port}`),
  );
  const stop = () => {
    server.close(() => process.exit(0));
    // Requests still running (a long upload) get a few seconds, then the process goes anyway.
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(`[sluice web] could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
