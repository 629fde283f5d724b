import "server-only";
import type { z } from "zod";
import type { RoleName } from "../auth/roles";
import { requireUser, type CurrentUser } from "./auth";
import { AppError, toActionError, type ActionResult } from "./errors";

export type ActionInput = FormData | Record<string, unknown>;

export function formToObject(input: ActionInput): Record<string, unknown> {
  if (!(input instanceof FormData)) return input;
  const object: Record<string, unknown> = Object.create(null);
  for (const [key, value] of input.entries()) {
    // Next adds its own $ACTION_* fields to forms; they are not ours to validate.
    if (!key.startsWith("$ACTION")) object[key] = typeof value === "string" ? value : value.name;
  }
  return object;
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/**
 * Every server action goes through here (conventions.md §2): check the session and role first,
 * then parse the input with the form's own zod schema, then run one lib function. The result is
 * typed and safe to render: expected errors keep their message, unexpected ones are logged.
 * Usable with React's useActionState (prev state, FormData) or called directly with an object.
 */
export function defineAction<Schema extends z.ZodType, Result>(
  options: { role: RoleName; schema: Schema },
  handler: (input: z.output<Schema>, user: CurrentUser) => Promise<ActionResult<Result>>,
) {
  return async (_previous: unknown, input: ActionInput): Promise<ActionResult<Result>> => {
    try {
      const user = await requireUser(options.role);
      const parsed = options.schema.safeParse(formToObject(input));
      if (!parsed.success) {
        throw new AppError("VALIDATION", "Some fields need attention.", fieldErrorsOf(parsed.error));
      }
      return await handler(parsed.data, user);
    } catch (error) {
      return toActionError(error);
    }
  };
}
