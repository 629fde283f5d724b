import fc from "fast-check";
import type { z } from "zod";
import { afterEach, beforeEach, expect, vi } from "vitest";
import { formToObject, parseActionInput, type ActionInput } from "@/lib/server/action-input";
import { toActionError, type ActionResult } from "@/lib/errors";

/**
 * What the hostile-input integration tests share: hostile values, the way an action receives
 * them, what an action does with them (without the session), and what counts as a proper refusal.
 */

export const hostileText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({
    unit: fc.constantFrom(
      "\u0000",
      "\u0007",
      "\u001b",
      "\u007f",
      "\u202e",
      "\ufeff",
      "\ud800",
      "\udfff",
      "😀",
      "é",
      "'",
      '"',
      "\\",
      "$$",
      "*/",
      "--",
      ";",
      "\t",
      "\n",
      " ",
      "a",
    ),
    maxLength: 24,
  }),
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    '\'; DROP TABLE "Source"; --',
    'Robert\'); DROP TABLE "User";--',
    "NaN",
    "1e309",
    "-0",
    "null",
    "😀".repeat(40),
  ),
  fc.constant("x".repeat(200_001)),
);

/** Not a string at all: what a client component (or a crafted request) may send instead. */
export const wrongType = fc.constantFrom<unknown>(
  true,
  false,
  0,
  -0,
  1,
  2.5,
  1e308,
  Number.NaN,
  null,
  [],
  ["a"],
  [1, 2],
  {},
  { a: { b: [{}, [null]] } },
  [[["x"]]],
  { toString: "x", valueOf: 1 },
);

/** Numbers written as text, and numbers where text was expected. */
export const numberish = fc.constantFrom<unknown>(
  "2",
  " 2 ",
  "2.0",
  "1e0",
  "0x2",
  "+2",
  "-0",
  "٢",
  "2n",
  "NaN",
  "Infinity",
  "-Infinity",
  "",
  "9".repeat(400),
  2,
  2.5,
  -0,
  2 ** 53,
  Number.NaN,
);

/** An id chosen by marker ("@fresh": a record the test made for this run) or any hostile value. */
export const idOr = (markers: string[]) =>
  fc.oneof({ weight: 3 * markers.length, arbitrary: fc.constantFrom(...markers) }, hostileText, wrongType);

/** A marker replaced by what it stands for; anything else as it is. */
export const resolve = (value: unknown, ids: Record<string, string>): unknown =>
  typeof value === "string" && Object.hasOwn(ids, value) ? ids[value] : value;

/**
 * How an action receives its input: an object from a client component, a form's FormData (every
 * value a string, lone surrogates made U+FFFD by the browser's encoding), or JSON whose keys
 * include `__proto__` and `constructor`.
 */
export type Envelope = "object" | "form" | "json";
export const envelopes = fc.constantFrom<Envelope>("object", "form", "json");

export function wrap(input: Record<string, unknown>, envelope: Envelope): ActionInput {
  if (envelope === "object") return input;
  if (envelope === "json") {
    const json = JSON.stringify(input).replace(
      /^\{/,
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},',
    );
    return JSON.parse(json.replace(/,\}$/, "}")) as Record<string, unknown>;
  }
  const form = new FormData();
  form.append("__proto__", '{"polluted":true}');
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined)
      form.append(key, typeof value === "string" ? value : (JSON.stringify(value) ?? String(value)));
  }
  return form;
}

/** What the action's schema is handed, for comparing what was stored with what was sent. */
export function received(input: ActionInput): Record<string, unknown> {
  return formToObject(input);
}

/** The text a field arrived as, trimmed (the schemas trim), or null when it was not text. */
export function trimmed(value: unknown): string | null {
  return typeof value === "string" ? value.trim() : null;
}

/** The console is watched: toActionError logs every unexpected error, which is what a 500 is. */
export function watchConsoleErrors(): void {
  let consoleErrors: unknown[][] = [];
  beforeEach(() => {
    consoleErrors = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void consoleErrors.push(args));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    expect(consoleErrors).toEqual([]);
  });
}

/** defineAction's body, without the session (the role check is tested elsewhere). */
export async function act<S extends z.ZodType, R>(
  schema: S,
  input: ActionInput,
  handler: (data: z.output<S>) => Promise<R>,
): Promise<ActionResult<R>> {
  try {
    return { ok: true, data: await handler(parseActionInput(schema, input)) };
  } catch (error) {
    return toActionError(error);
  }
}

/** How often a property saw each outcome: both must happen, or it tested only one side. */
export function tally() {
  const counts = { saved: 0, refused: 0 };
  return {
    saved: () => void (counts.saved += 1),
    refused: () => void (counts.refused += 1),
    expectBoth: () => expect(Math.min(counts.saved, counts.refused), JSON.stringify(counts)).toBeGreaterThan(0),
  };
}

/** A refusal must be typed and name the fields it is about. */
export function expectRefusedOn(
  result: ActionResult<unknown>,
  fields: string[],
  codes: string[] = ["VALIDATION"],
): void {
  if (result.ok) throw new Error("expected a refusal");
  expect(codes).toContain(result.code);
  const keys = Object.keys(result.fieldErrors ?? {});
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys)
    expect(
      fields.some((field) => key === field || key.startsWith(`${field}.`)),
      `error on ${key}`,
    ).toBe(true);
}

// What must never reach the person: Prisma's own wording, a Prisma error code, a stack trace.
const LEAK = /prisma|invalid `|\bP[0-9]{4}\b|\n\s+at |unexpected error|something went wrong/i;

/** One shape a refusal may take: a code, and either the fields it names or none (a refusal of
 * the whole record, like NOT_FOUND). */
export type Refusal = { code: "VALIDATION" | "CONFLICT" | "NOT_FOUND"; fields?: string[] };

/** The result is a typed refusal in one of the allowed shapes, with nothing internal in its words. */
export function expectRefusedAs(
  result: ActionResult<unknown>,
  allowed: Refusal[],
): asserts result is Extract<ActionResult<unknown>, { ok: false }> {
  if (result.ok)
    throw new Error(`expected a refusal (${allowed.map((shape) => shape.code).join(" or ")}), got success`);
  const keys = Object.keys(result.fieldErrors ?? {});
  const shown = `${result.code} ${JSON.stringify(result.fieldErrors)} ${result.message}`;
  for (const message of [result.message, ...Object.values(result.fieldErrors ?? {}).flat()])
    expect(message, shown).not.toMatch(LEAK);
  const matches = allowed.some(
    (shape) =>
      shape.code === result.code &&
      (shape.fields
        ? keys.length > 0 &&
          keys.every((key) => shape.fields!.some((field) => key === field || key.startsWith(`${field}.`)))
        : keys.length === 0),
  );
  expect(matches, `${shown}; allowed: ${JSON.stringify(allowed)}`).toBe(true);
}

/** Nothing a request sent has reached Object.prototype. */
export function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
}
