import http from "node:http";
import https from "node:https";
import type { RetryableFailure, XFailure } from "./outcome";
import type { RateLimitInfo } from "./rate-limit-info";
import { readRateLimit, readRetryAfter } from "./rate-limit-info";
import { namedErrorValues } from "./named-error-values";
import { decodeXErrors } from "./x-api-errors";

/**
 * One HTTP exchange with X: node:http(s) with a timeout over the whole exchange, and the
 * mapping of what came back (or did not) to the failure kinds of outcome.ts. Nothing is
 * logged; messages name causes (a status, an error code), never URLs, headers or bodies.
 */

export interface XHttpRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  timeoutMs: number;
  /** The caller's own cancellation, combined with the timeout. */
  signal?: AbortSignal;
}

export interface XHttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON (X sometimes answers in HTML). */
  body: unknown;
  rateLimit: RateLimitInfo | null;
}

export type XHttpResult = { ok: true; response: XHttpResponse } | { ok: false; failure: RetryableFailure };

function transportFailure(
  reason: RetryableFailure["reason"],
  message: string,
): { ok: false; failure: RetryableFailure } {
  return {
    ok: false,
    failure: { kind: "retryable", reason, status: null, retryAt: null, message, debugId: null, rateLimit: null },
  };
}

function errorCode(error: unknown): string {
  if (!(error instanceof Error)) return "unknown cause";
  // node:http's errors carry the code themselves (ECONNREFUSED); wrapped ones on their cause.
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : "unknown cause";
}

export async function sendXRequest(request: XHttpRequest): Promise<XHttpResult> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const response = await exchange(request, signal);
    let body: unknown = response.text;
    try {
      body = JSON.parse(response.text);
    } catch {
      // not JSON: keep the text; decodeXErrors falls back to the status
    }
    return {
      ok: true,
      response: {
        status: response.status,
        headers: response.headers,
        body,
        rateLimit: readRateLimit(response.headers),
      },
    };
  } catch (error) {
    if (timeout.aborted) return transportFailure("timeout", `X did not answer within ${request.timeoutMs} ms`);
    if (request.signal?.aborted) return transportFailure("aborted", "the request was cancelled by the caller");
    return transportFailure("network", `the connection to X failed (${errorCode(error)})`);
  }
}

// Connections kept open between requests, as fetch keeps them (a sync sends thousands), and
// closed after 4 s idle as fetch's are, before a server would close them under a request.
const agents = {
  "http:": new http.Agent({ keepAlive: true, timeout: 4_000 }),
  "https:": new https.Agent({ keepAlive: true, timeout: 4_000 }),
};
const USER_AGENT = "Sluice (conversions sync)";

/**
 * One request and its whole answer with node:http(s) rather than fetch: the same exchange for a
 * quarter of the CPU (fetch's streams and objects cost ~1 ms a request on a 2-core machine; a
 * 1M-row sync makes 2,000). Redirects are not followed, and the signal ends it at any point.
 */
function exchange(
  request: XHttpRequest,
  signal: AbortSignal,
): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const client = url.protocol === "https:" ? https : url.protocol === "http:" ? http : null;
    if (!client) return reject(new Error(`unsupported protocol ${url.protocol}`));
    const body =
      request.body === undefined
        ? undefined
        : typeof request.body === "string"
          ? Buffer.from(request.body, "utf8")
          : request.body;
    const headers: Record<string, string> = { "user-agent": USER_AGENT, ...request.headers };
    if (body !== undefined) headers["content-length"] = String(body.byteLength);
    const outgoing = client.request(
      url,
      { method: request.method, headers, agent: agents[url.protocol as "http:" | "https:"], signal },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        // A connection cut mid-answer ends in 'error' (ECONNRESET); a short body without one
        // fails the completeness check.
        incoming.on("error", reject);
        incoming.on("end", () => {
          try {
            if (!incoming.complete) return reject(new Error("the answer was cut off"));
            resolve({
              status: incoming.statusCode ?? 0,
              headers: headersOf(incoming.headers),
              text: Buffer.concat(chunks).toString("utf8"),
            });
          } catch (error) {
            reject(error as Error);
          }
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

function headersOf(incoming: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** Maps a non-success HTTP answer to what the caller should do about it. */
export function classifyFailure(response: XHttpResponse, now: Date = new Date()): XFailure {
  const { status, rateLimit } = response;
  const errors = decodeXErrors(response.body, status);
  const codes = new Set(errors.map((e) => e.code));
  if (status === 429) {
    const retryAt = rateLimit?.resetAt ?? readRetryAfter(response.headers, now) ?? new Date(now.getTime() + 60_000);
    return { kind: "rate_limited", status: 429, retryAt, errors, rateLimit };
  }
  if (status === 401) return { kind: "auth_failure", reason: "unauthenticated", status, errors, rateLimit };
  if (status === 403 && codes.has("UNAUTHORIZED_CLIENT_APPLICATION")) {
    return { kind: "auth_failure", reason: "app_not_authorized", status, errors, rateLimit };
  }
  // X has no distinct code for "this user has no access to that account"; only the message says so.
  const noAccess =
    (status === 403 && (codes.has("INSUFFICIENT_USER_AUTHORIZED_PERMISSION") || codes.has("UNAUTHORIZED_ACCESS"))) ||
    (status === 404 && errors.some((e) => /does not have access to account/.test(e.message)));
  if (noAccess) return { kind: "auth_failure", reason: "insufficient_access", status, errors, rateLimit };
  if (status >= 500 || status === 408) {
    const message = `X answered HTTP ${status} (${errors.map((e) => e.code).join(", ")})`;
    const retryAt = readRetryAfter(response.headers, now);
    return {
      kind: "retryable",
      reason: status === 408 ? "timeout" : "server_error",
      status,
      retryAt,
      message,
      debugId: null,
      rateLimit,
    };
  }
  const namedValues = namedErrorValues(response.body);
  return { kind: "rejected", status, errors, ...(namedValues.length > 0 ? { namedValues } : {}), rateLimit };
}

/** A 2xx whose body is not what X documents: possibly a proxy page, so worth another try. */
export function unexpectedResponse(response: XHttpResponse, what: string): RetryableFailure {
  const message = `X answered HTTP ${response.status} but the body is not ${what}`;
  return {
    kind: "retryable",
    reason: "unexpected_response",
    status: response.status,
    retryAt: null,
    message,
    debugId: null,
    rateLimit: response.rateLimit,
  };
}
