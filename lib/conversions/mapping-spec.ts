import { isSupportedCountry } from "libphonenumber-js";
import { z } from "zod";
import { CONTENT_FIELD_KEYS, SCALAR_FIELD_KEYS, contentFieldDefinition, fieldDefinition } from "./field-catalog";
import { parseStaticValue } from "./static-value";
import { isValidTimeZone } from "./zoned-time";

/**
 * The mapping from a source's columns to X's conversion fields. The same JSON is what the wizard
 * saves, what export/import carry and what the sync engine runs, so it is versioned: a future
 * incompatible shape gets `version: 2` and a migration, never a silent reinterpretation.
 */

const columnName = z.string().trim().min(1, "Column name is required");

export const fieldSourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("column"), column: columnName }),
  z.strictObject({ kind: z.literal("static"), value: z.union([z.string(), z.number()]) }),
]);
export type FieldSource = z.infer<typeof fieldSourceSchema>;

const scalarFieldsSchema = z.strictObject(
  Object.fromEntries(SCALAR_FIELD_KEYS.map((key) => [key, fieldSourceSchema.optional()])) as Record<
    (typeof SCALAR_FIELD_KEYS)[number],
    z.ZodOptional<typeof fieldSourceSchema>
  >,
);

const contentItemSchema = z.strictObject(
  Object.fromEntries(CONTENT_FIELD_KEYS.map((key) => [key, fieldSourceSchema.optional()])) as Record<
    (typeof CONTENT_FIELD_KEYS)[number],
    z.ZodOptional<typeof fieldSourceSchema>
  >,
);
export type ContentItemMapping = z.infer<typeof contentItemSchema>;

export const eventIdSourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("destination") }),
  z.strictObject({ kind: z.literal("column"), column: columnName }),
]);

export const contentsMappingSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("none") }),
  z.strictObject({ kind: z.literal("json"), column: columnName }),
  // Per-item columns (product_1_id, product_1_price, product_2_id, ...). 50 is far beyond any
  // real export of that shape and keeps a single conversion small.
  z.strictObject({ kind: z.literal("columns"), items: z.array(contentItemSchema).min(1).max(50) }),
]);

export const mappingOptionsSchema = z.strictObject({
  hashing: z.boolean().default(true),
  defaultPhoneCountry: z
    .string()
    .trim()
    .toUpperCase()
    .refine((code) => isSupportedCountry(code), "Not a supported ISO 3166 country code")
    .nullable()
    .default(null),
  /** A column holding each row's country (ISO code, English name or calling code) for national
   * phone numbers; the default phone country covers rows where it is empty or unrecognized. */
  phoneCountryColumn: columnName.nullable().default(null),
  sourceTimeZone: z.string().trim().refine(isValidTimeZone, "Not an IANA time zone").default("UTC"),
  /** Day and month order of dates that are not ISO 8601 ("31/12/2026"); "auto" refuses them. */
  dateOrder: z.enum(["auto", "DMY", "MDY"]).default("auto"),
  /** How the value column writes decimals: "auto" refuses what could be read two ways. */
  decimalSeparator: z.enum(["auto", "point", "comma"]).default("auto"),
  /** The value column holds minor units (cents): divided by the currency's ISO 4217 factor. */
  valueInMinorUnits: z.boolean().default(false),
  /** Columns that identify a row (a primary key), used to derive conversion_id when none is mapped. */
  rowKeyColumns: z.array(columnName).max(10).default([]),
});

export const mappingSpecSchema = z
  .strictObject({
    version: z.literal(1),
    fields: scalarFieldsSchema.default({}),
    eventId: eventIdSourceSchema.default({ kind: "destination" }),
    contents: contentsMappingSchema.default({ kind: "none" }),
    options: mappingOptionsSchema.default({
      hashing: true,
      defaultPhoneCountry: null,
      phoneCountryColumn: null,
      sourceTimeZone: "UTC",
      dateOrder: "auto",
      decimalSeparator: "auto",
      valueInMinorUnits: false,
      rowKeyColumns: [],
    }),
  })
  .superRefine((spec, ctx) => {
    for (const [key, source] of Object.entries(spec.fields)) {
      if (source?.kind === "static")
        checkStatic(ctx, ["fields", key, "value"], key, source.value, fieldDefinition(key)?.staticAllowed);
    }
    if (spec.contents.kind === "columns") {
      spec.contents.items.forEach((item, index) => {
        for (const [key, source] of Object.entries(item)) {
          if (source?.kind === "static") {
            checkStatic(
              ctx,
              ["contents", "items", index, key, "value"],
              key,
              source.value,
              contentFieldDefinition(key)?.staticAllowed,
            );
          }
        }
      });
    }
  });

/** What the wizard or an import hands in (defaults optional). */
export type MappingSpecInput = z.input<typeof mappingSpecSchema>;
/** A parsed mapping, defaults filled in: what convertRow takes. */
export type MappingSpec = z.output<typeof mappingSpecSchema>;

function checkStatic(
  ctx: z.RefinementCtx,
  path: Array<string | number>,
  key: string,
  value: string | number,
  allowed: boolean | undefined,
): void {
  if (!allowed) {
    ctx.addIssue({ code: "custom", path, message: `${key} cannot be a static value; map it to a column` });
    return;
  }
  const problem = parseStaticValue(key, value);
  if (problem) ctx.addIssue({ code: "custom", path, message: `${key} ${problem}` });
}

export type MappingParseResult =
  { ok: true; spec: MappingSpec } | { ok: false; issues: Array<{ path: string; message: string }> };

/** Parses a mapping from JSON (the wizard, an import, a file), returning readable issues. */
export function parseMappingSpec(input: unknown): MappingParseResult {
  const result = mappingSpecSchema.safeParse(input);
  if (result.success) return { ok: true, spec: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  };
}

/** One place a mapping reads a column: the column, and the mapping path of the row that reads it
 * (as the mapping step keys its errors: "mapping.fields.email", "mapping.contents.items.0.content_id"). */
export interface ColumnRef {
  column: string;
  path: string;
  /** The field key when a scalar field reads it ("email"); otherwise what reads it. */
  role: string;
}

/** Every place the mapping reads a column, in the mapping step's order: the one list that the
 * column checks, the preview's masking and the source-column listing all read. */
export function columnRefs(spec: MappingSpec): ColumnRef[] {
  const refs: ColumnRef[] = [];
  for (const [key, source] of Object.entries(spec.fields)) {
    if (source?.kind === "column") refs.push({ column: source.column, path: `mapping.fields.${key}`, role: key });
  }
  if (spec.eventId.kind === "column")
    refs.push({ column: spec.eventId.column, path: "mapping.eventId", role: "event_id" });
  if (spec.contents.kind === "json")
    refs.push({ column: spec.contents.column, path: "mapping.contents", role: "contents" });
  if (spec.contents.kind === "columns") {
    spec.contents.items.forEach((item, index) => {
      for (const [key, source] of Object.entries(item)) {
        if (source?.kind === "column")
          refs.push({ column: source.column, path: `mapping.contents.items.${index}.${key}`, role: `contents.${key}` });
      }
    });
  }
  for (const column of spec.options.rowKeyColumns)
    refs.push({ column, path: "mapping.options.rowKeyColumns", role: "row_key" });
  if (spec.options.phoneCountryColumn !== null)
    refs.push({
      column: spec.options.phoneCountryColumn,
      path: "mapping.options.phoneCountryColumn",
      role: "phone_country",
    });
  return refs;
}

/** Every column the mapping reads, each once. */
export function mappedColumns(spec: MappingSpec): string[] {
  return [...new Set(columnRefs(spec).map((ref) => ref.column))];
}

/** Columns the mapping reads that the source does not have. */
export function missingColumns(spec: MappingSpec, sourceColumns: readonly string[]): string[] {
  const available = new Set(sourceColumns);
  return mappedColumns(spec).filter((column) => !available.has(column));
}
