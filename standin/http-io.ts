import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

/** The parts of an HTTP request every stand-in route needs, read once. */
export interface StandinRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed body when it is application/x-www-form-urlencoded (those params are OAuth-signed). */
  form: URLSearchParams | null;
}

/** 500 conversions with every optional field is well under 1 MB; 5 MB leaves room for abuse tests. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readStandinRequest(req: IncomingMessage, fallbackHost: string): Promise<StandinRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  const rawBody = Buffer.concat(chunks).toString("utf8");
  const host = (req.headers.host ?? fallbackHost).toLowerCase();
  const contentType = String(req.headers["content-type"] ?? "").toLowerCase();
  return {
    method: (req.method ?? "GET").toUpperCase(),
    url: new URL(req.url ?? "/", `http://${host}`),
    headers: req.headers,
    rawBody,
    form: contentType.startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(rawBody) : null,
  };
}

export type HeaderMap = Record<string, string>;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: HeaderMap = {}): void {
  send(res, status, JSON.stringify(body), { "content-type": "application/json; charset=utf-8", ...headers });
}

export function sendForm(res: ServerResponse, status: number, values: Record<string, string>): void {
  send(res, status, new URLSearchParams(values).toString(), { "content-type": "application/x-www-form-urlencoded" });
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, html, { "content-type": "text/html; charset=utf-8" });
}

export function redirect(res: ServerResponse, location: string): void {
  send(res, 302, "", { location });
}

function send(res: ServerResponse, status: number, body: string, headers: HeaderMap): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "cache-control": "no-store", ...headers, "content-length": String(Buffer.byteLength(body)) });
  res.end(body);
}

/** One header value, whether Node gave a string or (for repeated headers) an array. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
