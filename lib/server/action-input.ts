import "server-only";
import type { z } from "zod";
import { AppError } from "../errors";

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

/** A server action's input through its form's schema: the parsed value, or a VALIDATION error
 * whose field errors name each field that needs attention. */
export function parseActionInput<Schema extends z.ZodType>(schema: Schema, input: ActionInput): z.output<Schema> {
  const parsed = schema.safeParse(formToObject(input));
  if (!parsed.success) throw new AppError("VALIDATION", "Some fields need attention.", fieldErrorsOf(parsed.error));
  return parsed.data;
}
