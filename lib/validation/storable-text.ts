import type { z } from "zod";

/**
 * Text the form schemas refuse with a message on the field, because PostgreSQL cannot store it
 * as written and the request would otherwise end in a 500 or a silently changed value:
 * - U+0000 (NUL): `text` columns refuse it (22021) and so does `jsonb` (22P05); sent in a query,
 *   it even breaks node-postgres' protocol message.
 * - a lone UTF-16 surrogate: it has no UTF-8 form, so the driver stores U+FFFD instead and the
 *   value no longer reads back as it was typed.
 * Client-safe (no server imports): the forms use the same schemas.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// C0 and C1 controls and DEL. None belongs in a one-line name, and the CLI prints names to a
// terminal, where ESC starts an escape sequence.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export const UNSTORABLE_TEXT_MESSAGE =
  "This contains a NUL character or a broken Unicode character, which cannot be saved. Remove it and try again.";
export const CONTROL_CHARACTER_MESSAGE =
  "Remove the control characters (tabs, line breaks, escape codes): a name is one line of text.";

export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/** The text with what cannot be stored mended: NUL dropped, a lone surrogate made U+FFFD. For
 * text no person typed into a form (a CSV header cell), which is saved rather than refused. */
export function toStorableText(value: string): string {
  return value.replaceAll("\u0000", "").replace(LONE_SURROGATES, "\ufffd");
}

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTER.test(value);
}

const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, "g");

/** The text without the characters `hasControlCharacters` finds: for text shown as a name that no
 * person typed into a form (an uploaded file's name), which is cleaned rather than refused. */
export function withoutControlCharacters(value: string): string {
  return value.replace(CONTROL_CHARACTERS, "");
}

/** For ids, queries and other free text: refuses only what cannot be stored. */
export function storableText<T extends z.ZodString>(schema: T): T {
  return schema.refine(isStorableText, UNSTORABLE_TEXT_MESSAGE) as T;
}

/** For names and labels: one line of printable text. */
export function oneLineText<T extends z.ZodString>(schema: T): T {
  return schema.superRefine((value, ctx) => {
    if (hasControlCharacters(value)) ctx.addIssue({ code: "custom", message: CONTROL_CHARACTER_MESSAGE });
    else if (!isStorableText(value)) ctx.addIssue({ code: "custom", message: UNSTORABLE_TEXT_MESSAGE });
  }) as T;
}

/**
 * For JSON saved to a `jsonb` column (a mapping, an imported file): an issue at the path of every
 * string, and every key, that cannot be stored. Runs on parsed, schema-shaped data, so its depth
 * is bounded by the schema.
 */
export function refuseUnstorableJson(value: unknown, ctx: z.RefinementCtx, path: PropertyKey[] = []): void {
  if (typeof value === "string") {
    if (!isStorableText(value)) ctx.addIssue({ code: "custom", path, message: UNSTORABLE_TEXT_MESSAGE });
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => refuseUnstorableJson(item, ctx, [...path, index]));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!isStorableText(key)) ctx.addIssue({ code: "custom", path: [...path, key], message: UNSTORABLE_TEXT_MESSAGE });
    else refuseUnstorableJson(item, ctx, [...path, key]);
  }
}

/** The first `max` UTF-16 units of a text, one fewer if the cut would split a surrogate pair
 * (half an emoji is a lone surrogate, stored as U+FFFD). */
export function truncateText(text: string, max: number): string {
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) && /^[\udc00-\udfff]/.test(text.slice(max)) ? cut.slice(0, -1) : cut;
}
