import { toActionError } from "@/lib/errors";

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VALIDATION: 422,
  RATE_LIMITED: 429,
};

/** A route handler's failure as JSON with a matching status; unexpected errors are logged and
 * hidden by toActionError, as for actions. */
export function errorResponse(error: unknown): Response {
  const body = toActionError(error);
  return Response.json(body, { status: STATUS[body.code] ?? 500, headers: { "cache-control": "no-store" } });
}
