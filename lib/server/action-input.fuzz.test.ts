import fc from "fast-check";
import type { z } from "zod";
import { describe, expect, it } from "vitest";
import { createApiTokenSchema, revokeApiTokenSchema } from "@/lib/api/api-token-schemas";
import { connectionIdSchema, pixelTokenConnectionSchema } from "@/lib/connections/connection-schemas";
import { mappingRowOf } from "@/lib/destinations/check-mapping-against-source";
import {
  accountStepSchema,
  connectionStepSchema,
  destinationIdSchema,
  eventStepSchema,
  mappingStepSchema,
  newDestinationSchema,
  scheduleStepSchema,
  setPausedSchema,
  sourceStepSchema,
  testEventSchema,
} from "@/lib/destinations/step-schemas";
import { cancelRunSchema, resetLedgerSchema, runSyncNowSchema } from "@/lib/runs/run-schemas";
import { passwordSignInSchema, ssoSettingsSchema, testSsoConnectionSchema } from "@/lib/sso/sso-settings-schema";
import {
  createPostgresSourceSchema,
  csvUploadParamsSchema,
  previewSourceSchema,
  renameSourceSchema,
  sourceIdSchema,
  updatePostgresSourceSchema,
} from "@/lib/sources/source-schemas";
import {
  addUserSchema,
  changePasswordSchema,
  changeRoleSchema,
  createOwnerSchema,
  setUserDisabledSchema,
  signInSchema,
  unlockUserSchema,
} from "@/lib/users/user-schemas";
import {
  CONTROL_CHARACTER_MESSAGE,
  hasControlCharacters,
  isStorableText,
  UNSTORABLE_TEXT_MESSAGE,
} from "@/lib/validation/storable-text";
import { formToObject, parseActionInput, type ActionInput } from "./action-input";
import { AppError } from "../errors";

/**
 * Every form schema a server action parses (each defineAction in app/**\/actions.ts, the setup
 * action, and the sign-in form), fed random and hostile values the way an action receives them:
 * FormData through formToObject, or an object sent by a client component. Whatever arrives, the
 * outcome is the parsed value or a VALIDATION AppError naming fields; nothing else is thrown, no
 * parsed value holds text PostgreSQL cannot store, and no key touches Object.prototype.
 */

interface FormCase {
  name: string;
  schema: z.ZodType;
  valid: Record<string, unknown>;
  /** Text fields: a hostile value there is refused with an error on that very field. */
  text: string[];
  /** One-line names and labels: control characters are refused too. */
  names?: string[];
}

const destinationId = "cmdest0000000000000000001";
const MAPPING = {
  version: 1,
  fields: { conversion_time: { kind: "column", column: "ordered_at" }, email: { kind: "column", column: "email" } },
};
const PASSWORD = "correct horse battery";

const FORMS: FormCase[] = [
  {
    name: "createOwner",
    schema: createOwnerSchema,
    valid: { name: "Ana", email: "ana@example.com", password: PASSWORD, confirmPassword: PASSWORD },
    text: ["name", "email"],
    names: ["name"],
  },
  { name: "signIn", schema: signInSchema, valid: { email: "ana@example.com", password: "x" }, text: ["email"] },
  {
    name: "addUser",
    schema: addUserSchema,
    valid: { name: "Bo", email: "bo@example.com", role: "EDITOR", password: PASSWORD },
    text: ["name", "email", "role"],
    names: ["name"],
  },
  {
    name: "changePassword",
    schema: changePasswordSchema,
    valid: { currentPassword: "the old one, whatever it was", newPassword: PASSWORD, confirmPassword: PASSWORD },
    text: [],
  },
  { name: "unlockUser", schema: unlockUserSchema, valid: { userId: "cmuser1" }, text: ["userId"] },
  {
    name: "changeRole",
    schema: changeRoleSchema,
    valid: { userId: "cmuser1", role: "VIEWER" },
    text: ["userId", "role"],
  },
  {
    name: "setUserDisabled",
    schema: setUserDisabledSchema,
    valid: { userId: "cmuser1", disabled: "true" },
    text: ["userId", "disabled"],
  },
  {
    name: "createPostgresSource",
    schema: createPostgresSourceSchema,
    valid: {
      name: "Orders",
      connectionString: "postgresql://reader:pw@db.example.com:5432/shop",
      query: "SELECT 1",
      statementTimeoutSeconds: "30",
    },
    text: ["name", "connectionString", "query", "statementTimeoutSeconds"],
    names: ["name"],
  },
  {
    name: "updatePostgresSource",
    schema: updatePostgresSourceSchema,
    valid: {
      sourceId: "cmsrc1",
      name: "Orders",
      connectionString: "",
      query: "SELECT 1",
      statementTimeoutSeconds: "30",
    },
    text: ["sourceId", "name", "connectionString", "query", "statementTimeoutSeconds"],
    names: ["name"],
  },
  {
    name: "renameSource",
    schema: renameSourceSchema,
    valid: { sourceId: "cmsrc1", name: "Orders" },
    text: ["sourceId", "name"],
    names: ["name"],
  },
  { name: "sourceId", schema: sourceIdSchema, valid: { sourceId: "cmsrc1" }, text: ["sourceId"] },
  {
    name: "previewSource",
    schema: previewSourceSchema,
    valid: { sourceId: "cmsrc1", limit: "20" },
    text: ["sourceId", "limit"],
  },
  {
    name: "csvUploadParams",
    schema: csvUploadParamsSchema,
    valid: { name: "Orders" },
    text: ["name"],
    names: ["name"],
  },
  {
    name: "newDestination",
    schema: newDestinationSchema,
    valid: { name: "Purchases", sourceId: "cmsrc1" },
    text: ["name", "sourceId"],
    names: ["name"],
  },
  { name: "destinationId", schema: destinationIdSchema, valid: { destinationId }, text: ["destinationId"] },
  {
    name: "setPaused",
    schema: setPausedSchema,
    valid: { destinationId, paused: "true" },
    text: ["destinationId", "paused"],
  },
  {
    name: "connectionStep",
    schema: connectionStepSchema,
    valid: { destinationId, connectionId: "cmconn1" },
    text: ["destinationId", "connectionId"],
  },
  {
    name: "accountStep",
    schema: accountStepSchema,
    valid: { destinationId, adAccountId: "18ce54d4x5t" },
    text: ["destinationId", "adAccountId"],
  },
  {
    name: "eventStep",
    schema: eventStepSchema,
    valid: { destinationId, pixelId: "o8z6j", eventId: "o87ne" },
    text: ["destinationId", "pixelId", "eventId"],
  },
  {
    name: "sourceStep",
    schema: sourceStepSchema,
    valid: { destinationId, sourceId: "cmsrc1" },
    text: ["destinationId", "sourceId"],
  },
  {
    name: "mappingStep",
    schema: mappingStepSchema,
    valid: { destinationId, mapping: MAPPING },
    text: ["destinationId", "mapping"],
  },
  {
    name: "testEvent",
    schema: testEventSchema,
    valid: { destinationId, rowNumber: "3" },
    text: ["destinationId", "rowNumber"],
  },
  {
    name: "scheduleStep",
    schema: scheduleStepSchema,
    valid: {
      destinationId,
      name: "Purchases",
      scheduleKind: "INTERVAL",
      intervalEvery: "6",
      intervalUnit: "hours",
      dailyAt: "",
      cron: "",
      scheduleTimeZone: "Europe/Paris",
      alertWebhook: "set",
      alertWebhookUrl: "https://hooks.example.com/x",
      alertRejectedPercent: "5",
      readMode: "INCREMENTAL",
      cursorColumn: "updated_at",
      lookbackValue: "2",
      lookbackUnit: "hours",
      acceptNoIndex: "true",
      confirmWatermarkReset: "true",
    },
    text: [
      "destinationId",
      "name",
      "scheduleKind",
      "intervalEvery",
      "intervalUnit",
      "dailyAt",
      "cron",
      "scheduleTimeZone",
      "alertWebhook",
      "alertWebhookUrl",
      "alertRejectedPercent",
      "readMode",
      "cursorColumn",
      "lookbackValue",
      "lookbackUnit",
      "acceptNoIndex",
      "confirmWatermarkReset",
    ],
    names: ["name"],
  },
  {
    name: "pixelTokenConnection",
    schema: pixelTokenConnectionSchema,
    valid: { label: "Store", pixelId: "o8z6j", token: "pixel-token-abcdefghijklmnop" },
    text: ["label", "pixelId", "token"],
    names: ["label"],
  },
  { name: "connectionId", schema: connectionIdSchema, valid: { connectionId: "cmconn1" }, text: ["connectionId"] },
  {
    name: "runSyncNow",
    schema: runSyncNowSchema,
    valid: { destinationId, fullResync: "false" },
    text: ["destinationId", "fullResync"],
  },
  { name: "cancelRun", schema: cancelRunSchema, valid: { runId: "cmrun1" }, text: ["runId"] },
  {
    name: "ssoSettings",
    schema: ssoSettingsSchema,
    valid: {
      enabled: "on",
      issuerUrl: "https://login.example.com",
      clientId: "sluice",
      clientSecret: "client-secret",
      allowedDomains: "example.com, example.org",
      newUserRole: "VIEWER",
    },
    text: ["enabled", "issuerUrl", "clientId", "clientSecret", "allowedDomains", "newUserRole"],
  },
  {
    name: "testSsoConnection",
    schema: testSsoConnectionSchema,
    valid: { issuerUrl: "https://login.example.com" },
    text: ["issuerUrl"],
  },
  { name: "passwordSignIn", schema: passwordSignInSchema, valid: { enabled: "false" }, text: ["enabled"] },
  {
    name: "resetLedger",
    schema: resetLedgerSchema,
    valid: { destinationId, confirmName: "Purchases" },
    text: ["destinationId", "confirmName"],
  },
  {
    name: "createApiToken",
    schema: createApiTokenSchema,
    valid: { name: "Airflow", scope: "RUN", expiresInDays: "90" },
    text: ["name", "scope", "expiresInDays"],
    names: ["name"],
  },
  { name: "revokeApiToken", schema: revokeApiTokenSchema, valid: { tokenId: "cmtoken1" }, text: ["tokenId"] },
];

/** Passwords are only ever hashed, never stored as text, so they are the one place NUL may go. */
const PASSWORD_FIELDS = new Set(["password", "confirmPassword", "currentPassword", "newPassword"]);

const HUGE = "x".repeat(200_001);
const HUGE_MULTIBYTE = "é".repeat(100_001) + "😀".repeat(1_000);
const unit = fc.constantFrom(
  "\u0000",
  "\u0007",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u202e",
  "\ufeff",
  "\u200b",
  "\ud800",
  "\udfff",
  "😀",
  "\r",
  "\n",
  "\t",
  " ",
  "=",
  "@",
  "a",
  "1",
  ".",
);
const hostileString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit, maxLength: 30 }),
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "valueOf",
    "hasOwnProperty",
    "NaN",
    "Infinity",
    "-0",
    "1e309",
    "0x1e",
    "",
    " ",
    "true",
    "null",
    "undefined",
    "[object Object]",
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(HUGE, HUGE_MULTIBYTE),
);
const hostileKey = fc.oneof(
  hostileString.filter((key) => key.length < 100),
  fc.constantFrom("__proto__", "constructor", "prototype", "$ACTION_ID_abc", "$ACTION_REF_1"),
);

function nested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

const { hostileValue } = fc.letrec((tie) => ({
  hostileValue: fc.oneof(
    { depthSize: "small" },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.bigInt(),
    fc.constantFrom(null, undefined, [], {}, Object.create(null) as object),
    fc.integer({ min: 1_000, max: 5_000 }).map(nested),
    fc.array(tie("hostileValue"), { maxLength: 3 }),
    fc.dictionary(hostileKey, tie("hostileValue"), { maxKeys: 3 }),
    fc.jsonValue(),
  ),
}));

/** A value as FormData can carry it: text, or a file whose name is the text. */
function asFormValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (
    typeof value === "bigint" ||
    typeof value === "number" ||
    typeof value === "boolean" ||
    value === undefined ||
    value === null
  )
    return String(value);
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "[unserialisable]";
  }
}

/** The form's own fields, each either valid or hostile, plus a few hostile extra keys. */
function hostileInput(form: FormCase): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.keys(form.valid);
  return fc
    .tuple(
      fc.tuple(
        ...fields.map((field) => fc.oneof(fc.constant(form.valid[field]), hostileValue, fc.constant(undefined))),
      ),
      fc.array(fc.tuple(hostileKey, hostileValue), { maxLength: 3 }),
    )
    .map(([values, extras]) => {
      // JSON.parse, as a decoded request would: "__proto__" becomes an own key, not the prototype.
      const input = JSON.parse("{}") as Record<string, unknown>;
      fields.forEach((field, index) => {
        if (values[index] !== undefined) input[field] = values[index];
      });
      for (const [key, value] of extras)
        Object.defineProperty(input, key, { value, enumerable: true, configurable: true, writable: true });
      return input;
    });
}

function toFormData(input: Record<string, unknown>, asFile: boolean): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(input)) {
    if (asFile && typeof value === "string" && value.length < 1_000) form.append(key, new File(["x"], value));
    else form.append(key, asFormValue(value));
  }
  return form;
}

type Outcome = { ok: true; data: unknown } | { ok: false; error: AppError };

/** What defineAction does with the input before any lib function runs. */
function parseLikeAnAction(schema: z.ZodType, input: ActionInput): Outcome {
  try {
    return { ok: true, data: parseActionInput(schema, input) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error };
    throw error;
  }
}

function stringsIn(
  value: unknown,
  path: string[] = [],
  out: Array<{ path: string; text: string }> = [],
): Array<{ path: string; text: string }> {
  if (typeof value === "string") out.push({ path: path.join("."), text: value });
  else if (Array.isArray(value)) value.forEach((item, index) => stringsIn(item, [...path, String(index)], out));
  else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push({ path: [...path, key].join("."), text: key });
      stringsIn(item, [...path, key], out);
    }
  }
  return out;
}

const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

function expectPrototypesClean(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.a).toBeUndefined();
}

function expectWellFormed(form: FormCase, outcome: Outcome): void {
  const fields = new Set(Object.keys(form.valid));
  if (outcome.ok) {
    const data = outcome.data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    // Only the form's own fields come out; extra keys (including "__proto__") are dropped.
    for (const key of Object.keys(data)) expect(fields.has(key)).toBe(true);
    for (const { path, text } of stringsIn(data)) {
      if (PASSWORD_FIELDS.has(path)) continue;
      expect(isStorableText(text), `${form.name}.${path} is not storable`).toBe(true);
    }
    for (const field of form.names ?? []) {
      if (typeof data[field] === "string") expect(hasControlCharacters(data[field])).toBe(false);
    }
    return;
  }
  expect(outcome.error.code).toBe("VALIDATION");
  const errors = Object.entries(outcome.error.fieldErrors ?? {});
  expect(errors.length).toBeGreaterThan(0);
  for (const [key, messages] of errors) {
    // Each error is on a field of the form ("mapping.fields.email.column" is on "mapping"), or
    // on the form as a whole when the input was no object at all.
    expect(key === "_form" || fields.has(key.split(".")[0] ?? ""), `${form.name}: error on unknown field ${key}`).toBe(
      true,
    );
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message.trim().length).toBeGreaterThan(0);
  }
}

describe("server action input under hostile values", () => {
  it.each(FORMS.map((form) => [form.name, form] as const))(
    "%s: valid input parses, from an object and from FormData",
    (_name, form) => {
      expect(parseLikeAnAction(form.schema, form.valid)).toMatchObject({ ok: true });
      // The mapping editor sends an object, not a form.
      if (form.name !== "mappingStep")
        expect(parseLikeAnAction(form.schema, toFormData(form.valid, false))).toMatchObject({ ok: true });
    },
  );

  it.each(FORMS.map((form) => [form.name, form] as const))(
    "%s: random and hostile objects end as parsed data or field errors, never a throw",
    (_name, form) => {
      fc.assert(
        fc.property(hostileInput(form), (input) => {
          expectWellFormed(form, parseLikeAnAction(form.schema, input));
          expectPrototypesClean();
        }),
        { numRuns: 150 },
      );
    },
  );

  it.each(FORMS.map((form) => [form.name, form] as const))(
    "%s: the same through FormData (text values and file names)",
    (_name, form) => {
      fc.assert(
        fc.property(hostileInput(form), fc.boolean(), (input, asFile) => {
          expectWellFormed(form, parseLikeAnAction(form.schema, toFormData(input, asFile)));
          expectPrototypesClean();
        }),
        { numRuns: 100 },
      );
    },
  );

  it("refuses input that is no object at all with a form-level error", () => {
    for (const input of [null, undefined, "name=x", 42, ["name", "x"], true]) {
      const outcome = parseLikeAnAction(newDestinationSchema, input as unknown as ActionInput);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(Object.keys(outcome.error.fieldErrors ?? {})).toEqual(["_form"]);
    }
  });
});

describe("a hostile value in one text field is refused on that field", () => {
  const hostile: Array<[string, unknown]> = [
    ["a NUL byte", "ab\u0000cd"],
    ["a lone high surrogate", "ab\ud800cd"],
    ["a lone low surrogate", "\udc00abcd"],
    ["a 200 KB string", HUGE],
    ["an array", ["a", "b"]],
    ["a nested object", { toString: "x", a: { b: { c: "d" } } }],
    ["a deeply nested object", nested(10_000)],
  ];
  const cases = FORMS.flatMap((form) =>
    form.text.flatMap((field) => hostile.map(([what, value]) => [form.name, field, what, form, value] as const)),
  );

  it.each(cases)("%s.%s: %s", (_name, field, _what, form, value) => {
    const outcome = parseLikeAnAction(form.schema, { ...form.valid, [field]: value });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe("VALIDATION");
    const keys = Object.keys(outcome.error.fieldErrors ?? {});
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key === field || key.startsWith(`${field}.`), key).toBe(true);
  });

  it.each(FORMS.flatMap((form) => (form.names ?? []).map((field) => [form.name, field, form] as const)))(
    "%s.%s: control characters are refused in a name, saying so",
    (_name, field, form) => {
      for (const control of ["\u0000", "\u0007", "\u001b[2J", "\u007f", "\u0085", "a\tb", "a\nb"]) {
        const outcome = parseLikeAnAction(form.schema, { ...form.valid, [field]: `Orders ${control} 2026` });
        expect(outcome.ok ? null : outcome.error.fieldErrors).toEqual({ [field]: [CONTROL_CHARACTER_MESSAGE] });
      }
      // Unicode that is text (accents, emoji, right-to-left script) is a name like any other.
      const parsed = parseLikeAnAction(form.schema, { ...form.valid, [field]: "Café 😀 مبيعات" });
      expect(parsed).toMatchObject({ ok: true, data: { [field]: "Café 😀 مبيعات" } });
    },
  );

  it("a query keeps its tabs and line breaks but not a NUL byte (which node-postgres would send as a broken message)", () => {
    const form = FORMS.find((candidate) => candidate.name === "createPostgresSource")!;
    expect(parseLikeAnAction(form.schema, { ...form.valid, query: "SELECT\n\tid\r\nFROM orders" })).toMatchObject({
      ok: true,
      data: { query: "SELECT\n\tid\r\nFROM orders" },
    });
    expect(parseLikeAnAction(form.schema, { ...form.valid, query: "SELECT 1\u0000; DROP TABLE orders" })).toMatchObject(
      { ok: false, error: { fieldErrors: { query: [UNSTORABLE_TEXT_MESSAGE] } } },
    );
  });

  it("a pixel token with an invisible character (it would be sent in an HTTP header) is refused", () => {
    const form = FORMS.find((candidate) => candidate.name === "pixelTokenConnection")!;
    for (const token of [
      "pixel-token-abc\u200bdefghijklm",
      "pixel-token-abcdéfghijklmno",
      "pixel-token-abc\u0000defghijklm",
    ]) {
      const outcome = parseLikeAnAction(form.schema, { ...form.valid, token });
      expect(outcome.ok ? null : Object.keys(outcome.error.fieldErrors ?? {})).toEqual(["token"]);
    }
  });
});

describe("numbers as strings and back", () => {
  const source = FORMS.find((form) => form.name === "createPostgresSource")!;
  const seconds = (value: unknown) =>
    parseLikeAnAction(source.schema, { ...source.valid, statementTimeoutSeconds: value });

  it("a time limit is a whole number of seconds from 1 to 600, as text or as a number", () => {
    expect(seconds("45")).toMatchObject({ ok: true, data: { statementTimeoutSeconds: 45 } });
    expect(seconds(45)).toMatchObject({ ok: true, data: { statementTimeoutSeconds: 45 } });
    expect(seconds(" 45 ")).toMatchObject({ ok: true, data: { statementTimeoutSeconds: 45 } });
    for (const bad of ["4.5", "1e309", "Infinity", "NaN", "-0", "0", "601", "abc", {}, null]) {
      const outcome = seconds(bad);
      expect(outcome.ok ? null : Object.keys(outcome.error.fieldErrors ?? {}), String(bad)).toEqual([
        "statementTimeoutSeconds",
      ]);
    }
  });

  it("whatever arrives, a coerced number field ends as an integer in its range or as an error on that field", () => {
    const preview = FORMS.find((form) => form.name === "previewSource")!;
    const testEvent = FORMS.find((form) => form.name === "testEvent")!;
    fc.assert(
      fc.property(hostileValue, (value) => {
        for (const [form, field, min, max] of [
          [source, "statementTimeoutSeconds", 1, 600],
          [preview, "limit", 1, 100],
          [testEvent, "rowNumber", 1, Number.MAX_SAFE_INTEGER],
        ] as const) {
          const outcome = parseLikeAnAction(form.schema, { ...form.valid, [field]: value });
          if (outcome.ok) {
            const parsed = (outcome.data as Record<string, unknown>)[field];
            expect(Number.isSafeInteger(parsed)).toBe(true);
            expect(parsed as number).toBeGreaterThanOrEqual(min);
            expect(parsed as number).toBeLessThanOrEqual(max);
          } else {
            expect(Object.keys(outcome.error.fieldErrors ?? {})).toEqual([field]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("formToObject", () => {
  it("keeps __proto__, constructor and toString as ordinary own fields of a prototype-less object", () => {
    const form = new FormData();
    form.append("__proto__", "polluted");
    form.append("constructor", "x");
    form.append("toString", "y");
    form.append("$ACTION_ID_0123", "next's own");
    form.append("name", new File(["contents"], "orders.csv"));
    const object = formToObject(form);
    expect(Object.getPrototypeOf(object)).toBeNull();
    expect(Object.keys(object)).toEqual(["__proto__", "constructor", "toString", "name"]);
    expect(Object.getOwnPropertyDescriptor(object, "__proto__")?.value).toBe("polluted");
    expect(object.name).toBe("orders.csv");
    expectPrototypesClean();
  });

  it("a repeated field keeps its last value (FormData order), so a hostile duplicate cannot sneak in an array", () => {
    const form = new FormData();
    form.append("name", "first");
    form.append("name", "second");
    expect(formToObject(form)).toEqual(Object.assign(Object.create(null), { name: "second" }));
  });

  it("passes an object from a client component through untouched, for the schema to judge", () => {
    const input = JSON.parse(
      '{"destinationId":"d1","__proto__":{"polluted":true},"mapping":{"version":1,"constructor":{"prototype":{"polluted":true}}}}',
    ) as Record<string, unknown>;
    expect(formToObject(input)).toBe(input);
    const outcome = parseLikeAnAction(mappingStepSchema, input);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(Object.keys(outcome.error.fieldErrors ?? {})).toEqual(["mapping"]);
    expectPrototypesClean();
  });
});

describe("the mapping form under hostile JSON", () => {
  const mappingOf = (mapping: unknown) => parseLikeAnAction(mappingStepSchema, { destinationId, mapping });

  it("random JSON and hostile objects as the mapping end as a parsed mapping or errors under mapping.*", () => {
    const form = FORMS.find((candidate) => candidate.name === "mappingStep")!;
    const hostileMapping = fc.oneof(
      fc.jsonValue(),
      hostileValue,
      fc.record({
        version: fc.constantFrom(1, "1", 2),
        fields: fc.dictionary(
          hostileKey,
          fc.oneof(
            hostileValue,
            fc.record(
              { kind: fc.constantFrom("column", "static"), column: hostileString, value: hostileValue },
              { requiredKeys: ["kind"] },
            ),
          ),
          { maxKeys: 4 },
        ),
      }),
    );
    fc.assert(
      fc.property(hostileMapping, (mapping) => {
        const outcome = mappingOf(mapping);
        expectWellFormed(form, outcome);
        if (!outcome.ok)
          for (const key of Object.keys(outcome.error.fieldErrors ?? {}))
            expect(mappingRowOf(key).startsWith("mapping")).toBe(true);
        expectPrototypesClean();
      }),
      { numRuns: 400 },
    );
  });

  it("a NUL byte or a lone surrogate anywhere in the mapping is refused on its row (jsonb cannot store U+0000)", () => {
    const withStatic = (value: string) => ({
      ...MAPPING,
      fields: { ...MAPPING.fields, description: { kind: "static", value } },
    });
    expect(mappingOf(withStatic("Spring\u0000sale"))).toMatchObject({
      ok: false,
      error: { fieldErrors: { "mapping.fields.description.value": [UNSTORABLE_TEXT_MESSAGE] } },
    });
    expect(mappingOf(withStatic("Spring\ud800sale"))).toMatchObject({
      ok: false,
      error: { fieldErrors: { "mapping.fields.description.value": [UNSTORABLE_TEXT_MESSAGE] } },
    });
    const column = { ...MAPPING, fields: { ...MAPPING.fields, email: { kind: "column", column: "e\u0000mail" } } };
    expect(mappingOf(column)).toMatchObject({
      ok: false,
      error: { fieldErrors: { "mapping.fields.email.column": [UNSTORABLE_TEXT_MESSAGE] } },
    });
    const rowKey = { ...MAPPING, options: { rowKeyColumns: ["id", "or\u0000der"] } };
    expect(mappingOf(rowKey)).toMatchObject({
      ok: false,
      error: { fieldErrors: { "mapping.options.rowKeyColumns.1": [UNSTORABLE_TEXT_MESSAGE] } },
    });
    // Control characters other than NUL are storable, and a column may well be called that.
    expect(mappingOf(withStatic("Spring\tsale \u0007"))).toMatchObject({
      ok: true,
      data: { mapping: { fields: { description: { value: "Spring\tsale \u0007" } } } },
    });
  });

  it("keys named like prototype properties are unknown mapping keys, not a way into Object.prototype", () => {
    for (const json of [
      '{"version":1,"fields":{"__proto__":{"kind":"column","column":"x"}}}',
      '{"version":1,"fields":{"constructor":{"kind":"static","value":"x"}}}',
      '{"version":1,"__proto__":{"polluted":true}}',
      '{"version":1,"options":{"__proto__":{"hashing":false}}}',
    ]) {
      const outcome = mappingOf(JSON.parse(json));
      expect(outcome.ok, json).toBe(false);
    }
    expectPrototypesClean();
  });
});
