import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` in Prometheus' text format to whoever sends `Authorization: Bearer
 * <token>`; nothing else. Opt-in (SLUICE_METRICS_PORT and SLUICE_METRICS_TOKEN): the numbers say
 * how much a company sends, which is not for anyone who can reach the port.
 */
export async function startMetricsServer(
  registry: Registry,
  options: { port: number; host?: string; token: string },
): Promise<MetricsServer> {
  const expected = digest(options.token);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://metrics");
    if (req.method !== "GET" || url.pathname !== "/metrics")
      return void res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!given || !timingSafeEqual(digest(given), expected)) {
      return void res
        .writeHead(401, { "content-type": "text/plain", "www-authenticate": 'Bearer realm="sluice-metrics"' })
        .end("A bearer token is needed (SLUICE_METRICS_TOKEN)\n");
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      () =>
        res
          .writeHead(503, { "content-type": "text/plain" })
          .end("The metrics could not be read (is the database reachable?)\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Both sides hashed, so the comparison takes the same time whatever the lengths. */
function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
