// Expected errors carry a code and a message written for the person using Sluice; anything else
// is logged on the server and shown as a generic failure (conventions.md §5).

export type AppErrorCode = "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "VALIDATION" | "RATE_LIMITED";

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors?: Record<string, string[]>;

  constructor(code: AppErrorCode, message: string, fieldErrors?: Record<string, string[]>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; code: AppErrorCode | "INTERNAL"; message: string; fieldErrors?: Record<string, string[]> };

export function toActionError(error: unknown): Extract<ActionResult, { ok: false }> {
  if (error instanceof AppError) {
    return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  }
  const reference = Math.random().toString(36).slice(2, 10);
  console.error(
    `[sluice] unexpected error (ref ${reference})`,
    error instanceof Error ? (error.stack ?? error.message) : error,
  );
  return {
    ok: false,
    code: "INTERNAL",
    message: `Something went wrong on our side (ref ${reference}). Nothing was changed; try again.`,
  };
}
