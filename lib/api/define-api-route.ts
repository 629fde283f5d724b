import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/server/db";
import { ApiError, apiErrorResponse, issuesOf } from "./api-error";
import type { ApiRouteSpec } from "./api-routes";
import { authenticateApiToken, type ApiCaller } from "./authenticate-api-token";

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : unknown;

export interface ApiRequest<Spec extends ApiRouteSpec> {
  params: Out<Spec["params"]>;
  query: Out<Spec["query"]>;
  body: Out<Spec["body"]>;
  caller: Spec["scope"] extends "PUBLIC" ? null : ApiCaller;
  request: Request;
  db: Db;
}

export interface ApiReply<Spec extends ApiRouteSpec> {
  status: keyof Spec["success"]["statuses"] & number;
  body: In<Spec["success"]["schema"]>;
  headers?: Record<string, string>;
}

/** The largest JSON body taken (an export with a full mapping is a few kB). */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A route handler for one operation of /api/v1 (conventions.md §2, for tokens): authenticate
 * the bearer token for the operation's scope (and count it against the rate limit), parse the
 * path, query and body with the operation's own zod schemas, call the handler, and answer JSON.
 * Errors are `{ error: { code, message, issues? } }` with 400/401/403/404/409/429.
 */
export function defineApiRoute<Spec extends ApiRouteSpec>(
  spec: Spec,
  handler: (input: ApiRequest<Spec>) => Promise<ApiReply<Spec>>,
) {
  return async (
    request: Request,
    context: { params: Promise<Record<string, string | string[]>> },
  ): Promise<Response> => {
    try {
      const db = getDb();
      const caller =
        spec.scope === "PUBLIC"
          ? null
          : await authenticateApiToken(db, request.headers.get("authorization"), spec.scope, {
              requests: getEnv().SLUICE_API_RATE_LIMIT,
              windowSeconds: 60,
            });
      const url = new URL(request.url);
      const params = spec.params ? parseInput(spec.params, await context.params, "path") : undefined;
      const query = spec.query ? parseInput(spec.query, Object.fromEntries(url.searchParams), "query") : undefined;
      const body = spec.body ? parseInput(spec.body, await readJsonBody(request), "body") : undefined;
      const reply = await handler({ params, query, body, caller, request, db } as ApiRequest<Spec>);
      return Response.json(reply.body, {
        status: reply.status,
        headers: { "cache-control": "no-store", ...reply.headers },
      });
    } catch (error) {
      return apiErrorResponse(error);
    }
  };
}

function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: "path" | "query" | "body"): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error).map((issue) => ({ ...issue, path: [where, ...issue.path] }));
  const first = issues[0];
  const label = first && first.path.length > 1 ? `${first.path.slice(1).join(".")}: ` : "";
  throw new ApiError("VALIDATION", `The request's ${where} is not valid. ${label}${first?.message ?? ""}`.trim(), {
    issues,
  });
}

async function readJsonBody(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES)
    throw new ApiError("VALIDATION", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new ApiError("VALIDATION", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  // No body at all is the schema's to judge (a start-run request may send none).
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("VALIDATION", "The body is not valid JSON.");
  }
}
