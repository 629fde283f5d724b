import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sendXRequest } from "./x-request";

// sendXRequest on node:http, against a server that misbehaves in the ways a network can.
let server: Server;
let base = "";
const seen: Array<{ headers: IncomingMessage["headers"]; body: string }> = [];
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  "/ok": (_req, res) =>
    res
      .writeHead(200, {
        "content-type": "application/json",
        "x-rate-limit-limit": "10",
        "x-rate-limit-remaining": "9",
        "x-rate-limit-reset": "1900000000",
      })
      .end('{"data":{"ok":true}}'),
  "/cut": (_req, res) => {
    // Promises 1,000 bytes, sends 10, then the connection goes.
    res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
    res.write('{"data":{"');
    setTimeout(() => res.socket?.destroy(), 20);
  },
  "/stall-body": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
    res.write("{");
  },
  "/redirect": (_req, res) => res.writeHead(302, { location: "/ok" }).end(),
  "/html": (_req, res) => res.writeHead(503, { "content-type": "text/html" }).end("<h1>down</h1>"),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      seen.push({ headers: req.headers, body });
      (routes[req.url ?? ""] ?? ((_q: IncomingMessage, r: ServerResponse) => r.writeHead(404).end()))(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const post = (path: string, extra: { timeoutMs?: number; signal?: AbortSignal } = {}) =>
  sendXRequest({
    method: "POST",
    url: `${base}${path}`,
    headers: { "content-type": "application/json" },
    body: '{"é":1}',
    timeoutMs: extra.timeoutMs ?? 5_000,
    signal: extra.signal,
  });

describe("sendXRequest", () => {
  test("sends the body with its byte length and a user agent, and reads JSON, status and rate limits back", async () => {
    const result = await post("/ok");
    expect(result.ok && result.response.status).toBe(200);
    expect(result.ok && result.response.body).toEqual({ data: { ok: true } });
    expect(result.ok && result.response.rateLimit).toMatchObject({ source: "x-rate-limit", limit: 10, remaining: 9 });
    const request = seen.at(-1)!;
    expect(request.body).toBe('{"é":1}');
    expect(request.headers["content-length"]).toBe(String(Buffer.byteLength('{"é":1}')));
    expect(request.headers["user-agent"]).toMatch(/Sluice/);
  });

  test("an answer cut off half-way is a network failure that names the cause", async () => {
    const result = await post("/cut");
    expect(result).toMatchObject({ ok: false, failure: { kind: "retryable", reason: "network" } });
    expect(!result.ok && result.failure.message).toMatch(/^the connection to X failed \((ECONNRESET|[A-Z_]+)\)$/);
  });

  test("a body that stops coming is a timeout, as a silent server is", async () => {
    const result = await post("/stall-body", { timeoutMs: 200 });
    expect(result).toMatchObject({
      ok: false,
      failure: { reason: "timeout", message: "X did not answer within 200 ms" },
    });
  });

  test("the caller's cancellation while waiting is 'aborted'", async () => {
    const controller = new AbortController();
    const pending = post("/stall-body", { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ ok: false, failure: { reason: "aborted" } });
  });

  test("redirects are not followed, and a page that is not JSON is kept as text", async () => {
    const redirected = await post("/redirect");
    expect(redirected.ok && redirected.response.status).toBe(302);
    const html = await post("/html");
    expect(html.ok && html.response).toMatchObject({ status: 503, body: "<h1>down</h1>" });
  });

  test("many requests in a row reuse connections and all succeed", async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => post("/ok")));
    expect(results.every((result) => result.ok && result.response.status === 200)).toBe(true);
  });
});
