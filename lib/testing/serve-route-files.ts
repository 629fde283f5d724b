import { readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface RouteFile {
  pattern: RegExp;
  names: string[];
  module: Record<string, unknown>;
  /** Static segments first, as Next prefers /destinations/import over /destinations/[id]. */
  dynamicSegments: number;
}

/**
 * A real HTTP server in front of an app folder's route.ts files (e.g. app/api/v1), for tests
 * that call route handlers as clients do: each request becomes a web Request (its signal
 * aborted when the client hangs up) handed to the exported method, as `next start` does for
 * handlers that use neither cookies() nor headers(). Methods a file does not export answer 405.
 */
export async function serveRouteFiles(
  appRoot: string,
  folder: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const files = await loadRouteFiles(appRoot, folder);
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
      const route = files
        .map((file) => ({ file, match: file.pattern.exec(url.pathname) }))
        .find((candidate) => candidate.match);
      if (!route) return void outgoing.writeHead(404).end();
      const handler = route.file.module[incoming.method ?? "GET"] as RouteHandler | undefined;
      if (typeof handler !== "function") return void outgoing.writeHead(405).end();
      const params = Object.fromEntries(
        route.file.names.map((name, index) => [name, decodeURIComponent(route.match![index + 1]!)]),
      );
      const aborted = new AbortController();
      outgoing.on("close", () => {
        if (!outgoing.writableFinished) aborted.abort();
      });
      const response = await handler(await toRequest(incoming, url, aborted.signal), {
        params: Promise.resolve(params),
      });
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      console.error(error);
      outgoing.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function toRequest(incoming: IncomingMessage, url: URL, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) value.forEach((item) => headers.append(name, item));
    else if (value !== undefined) headers.set(name, value);
  }
  // The whole body is read first, so a handler that answers without reading it (too large, say)
  // does not leave the client writing into a closed connection.
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  return new Request(`http://${incoming.headers.host ?? "127.0.0.1"}${url.pathname}${url.search}`, {
    method: incoming.method,
    headers,
    signal,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
}

async function loadRouteFiles(appRoot: string, folder: string): Promise<RouteFile[]> {
  const found: RouteFile[] = [];
  const walk = async (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name === "route.ts") {
        const segments = path.relative(appRoot, dir).split(path.sep);
        const names: string[] = [];
        const source = segments
          .map((segment) => {
            const dynamic = /^\[(.+)\]$/.exec(segment);
            if (!dynamic) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            names.push(dynamic[1]!);
            return "([^/]+)";
          })
          .join("/");
        found.push({
          pattern: new RegExp(`^/${source}$`),
          names,
          module: (await import(full)) as Record<string, unknown>,
          dynamicSegments: names.length,
        });
      }
    }
  };
  await walk(path.join(appRoot, folder));
  return found.sort((a, b) => a.dynamicSegments - b.dynamicSegments);
}
