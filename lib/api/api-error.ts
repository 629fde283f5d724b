import { z } from "zod";
import { AppError, type AppErrorCode } from "@/lib/errors";

/** An API refusal that carries more than a code and a message: zod's issues, or when to retry. */
export class ApiError extends AppError {
  readonly issues?: ApiIssue[];
  readonly retryAfterSeconds?: number;

  constructor(code: AppErrorCode, message: string, extra: { issues?: ApiIssue[]; retryAfterSeconds?: number } = {}) {
    super(code, message);
    this.issues = extra.issues;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

export const apiIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  code: z.string(),
  message: z.string(),
});
export type ApiIssue = z.infer<typeof apiIssueSchema>;

/** Every API error has this body, whatever its status. */
export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "VALIDATION", "RATE_LIMITED", "INTERNAL"]),
    message: z.string(),
    issues: z.array(apiIssueSchema).optional(),
  }),
});

export function issuesOf(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === "number" ? part : String(part))),
    code: issue.code,
    message: issue.message,
  }));
}

export const API_ERROR_STATUS: Record<z.infer<typeof apiErrorBodySchema>["error"]["code"], number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VALIDATION: 400,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/** A failure as the API's JSON error body: expected errors keep their message; anything else is
 * logged with a reference and hidden, as for actions. */
export function apiErrorResponse(error: unknown): Response {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (error instanceof AppError) {
    const issues = error instanceof ApiError ? error.issues : undefined;
    if (error instanceof ApiError && error.retryAfterSeconds !== undefined)
      headers["retry-after"] = String(error.retryAfterSeconds);
    if (error.code === "UNAUTHENTICATED") headers["www-authenticate"] = 'Bearer realm="sluice"';
    return Response.json(
      { error: { code: error.code, message: error.message, ...(issues ? { issues } : {}) } },
      { status: API_ERROR_STATUS[error.code], headers },
    );
  }
  const reference = Math.random().toString(36).slice(2, 10);
  console.error(
    `[sluice] unexpected API error (ref ${reference})`,
    error instanceof Error ? (error.stack ?? error.message) : error,
  );
  return Response.json(
    { error: { code: "INTERNAL", message: `Something went wrong on our side (ref ${reference}). Try again.` } },
    { status: 500, headers },
  );
}
