import type { SourceRow, SourceValue } from "@/lib/sources/types";
import { buildContents } from "./build-contents";
import { buildIdentifiers } from "./build-identifiers";
import { utf8ByteLength } from "./byte-size";
import { cellToText } from "./cell-text";
import { contentKeyMaterial, deriveConversionId, readRowKey } from "./conversion-id";
import { futureWarning, parseConversionTime } from "./conversion-time";
import { parsePhoneCountry, type PhoneCountry } from "./phone-country";
import { SCALAR_FIELD_KEYS, fieldDefinition, type ScalarFieldKey } from "./field-catalog";
import type { MappingSpec } from "./mapping-spec";
import { readFieldSource } from "./read-field-source";
import { minorUnitDigits } from "./iso-4217";
import {
  parsedError,
  parsedValue,
  type DestinationSettings,
  type Parsed,
  type ConversionIssue,
  type RowResult,
  type XConversion,
} from "./types";
import { parseAmount, parseCurrency, parseEventId, parsePositiveInteger } from "./value-parsers";

/** One conversion's JSON may not exceed this, so a batch bound well above it can always hold at
 * least one; X documents no size limit, and 64 KiB is far beyond any real conversion. */
export const MAX_CONVERSION_BYTES = 64 * 1024;

/**
 * THE conversion function: one source row → a conversion for X (with warnings) or an invalid row
 * with every reason. The wizard preview and the sync engine both call this, so what a person sees
 * in the preview is byte for byte what is sent.
 */
export function convertRow(
  mapping: MappingSpec,
  destination: DestinationSettings,
  values: Record<string, SourceValue>,
  nowMs: number = Date.now(),
): RowResult {
  const reasons: ConversionIssue[] = [];
  const warnings: ConversionIssue[] = [];
  const cells: Partial<Record<ScalarFieldKey, SourceValue>> = {};
  for (const key of SCALAR_FIELD_KEYS) {
    const cell = readFieldSource(values, mapping.fields[key], pathOf(key), reasons);
    if (cell !== undefined) cells[key] = cell;
  }
  const reported = (field: string): boolean => reasons.some((reason) => reason.field === field);
  const check = <T>(field: string, parsed: Parsed<T>, whenEmpty?: Omit<ConversionIssue, "field">): T | undefined => {
    if (parsed.kind === "value") return parsed.value;
    if (parsed.kind === "error") reasons.push({ field, code: parsed.code, message: `${field} ${parsed.message}` });
    else if (whenEmpty && !reported(field)) reasons.push({ field, ...whenEmpty });
    return undefined;
  };

  const time = check(
    "conversion_time",
    parseConversionTime(cells.conversion_time, mapping.options.sourceTimeZone, mapping.options.dateOrder),
    mapping.fields.conversion_time
      ? {
          code: "conversion_time_missing",
          message: "conversion_time is empty; Sluice never substitutes the current time",
        }
      : { code: "conversion_time_unmapped", message: "conversion_time is not mapped" },
  );
  const future = time ? futureWarning(time.iso, nowMs) : null;
  for (const warning of [...(time?.warnings ?? []), ...(future ? [future] : [])]) {
    warnings.push({ field: "conversion_time", code: warning.code, message: `conversion_time ${warning.message}` });
  }

  const eventCell =
    mapping.eventId.kind === "destination"
      ? (destination.eventId ?? undefined)
      : readFieldSource(values, mapping.eventId, "event_id", reasons);
  const eventId = check(
    "event_id",
    parseEventId(eventCell, destination.pixelId),
    mapping.eventId.kind === "destination"
      ? { code: "destination_event_missing", message: "the destination has no event id" }
      : { code: "event_id_missing", message: "event_id is empty" },
  );

  const ids = buildIdentifiers(cells, mapping.options, rowPhoneCountry(mapping, values, cells.phone, reasons));
  reasons.push(...ids.reasons);
  warnings.push(...ids.warnings);

  const parsedCurrency = parseCurrency(cells.price_currency);
  const currencyCode = parsedCurrency.kind === "value" ? parsedCurrency.value : undefined;
  const value = check(
    "value",
    inMajorUnits(
      parseAmount(cells.value, mapping.options.decimalSeparator),
      mapping.options.valueInMinorUnits,
      currencyCode,
    ),
  );
  const currency = check("price_currency", parsedCurrency);
  const numberItems = check("number_items", parsePositiveInteger(cells.number_items));
  const description = check("description", cellToText(cells.description));
  const mappedId = check("conversion_id", cellToText(cells.conversion_id));

  const contents = buildContents(values, mapping.contents);
  reasons.push(...contents.reasons);
  warnings.push(...contents.warnings);

  if (reasons.length > 0 || time === undefined || eventId === undefined) {
    return { status: "invalid", reasons, warnings };
  }

  const body: Omit<XConversion, "conversion_id"> = {
    conversion_time: time.iso,
    event_id: eventId,
    identifiers: ids.identifiers,
    ...(value !== undefined ? { value } : {}),
    ...(currency !== undefined ? { price_currency: currency } : {}),
    ...(numberItems !== undefined ? { number_items: numberItems } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(contents.contents.length > 0 ? { contents: contents.contents } : {}),
  };
  const conversion: XConversion = { ...body, conversion_id: mappedId ?? derivedId(mapping, values, body, warnings) };

  const json = JSON.stringify(conversion);
  // UTF-8 needs at most 3 bytes per UTF-16 unit: nearly every conversion is cleared unencoded.
  if (json.length * 3 > MAX_CONVERSION_BYTES && utf8ByteLength(json) > MAX_CONVERSION_BYTES) {
    const reason: ConversionIssue = {
      field: "conversion",
      code: "conversion_too_large",
      message: `the conversion is larger than ${MAX_CONVERSION_BYTES} bytes`,
    };
    return { status: "invalid", reasons: [reason], warnings };
  }
  return { status: "valid", conversion, json, warnings };
}

function derivedId(
  mapping: MappingSpec,
  values: Record<string, SourceValue>,
  body: Omit<XConversion, "conversion_id">,
  warnings: ConversionIssue[],
): string {
  if (mapping.fields.conversion_id) {
    warnings.push({
      field: "conversion_id",
      code: "conversion_id_derived",
      message: "conversion_id is empty; a stable id was derived from the row",
    });
  }
  const key = readRowKey(values, mapping.options.rowKeyColumns);
  if (key.kind === "columns") return deriveConversionId(key.material);
  if (key.kind === "incomplete") {
    warnings.push({
      field: "conversion_id",
      code: "row_key_incomplete",
      message: `row key column(s) ${key.emptyColumns.join(", ")} empty; the id was derived from the conversion's content`,
    });
  }
  return deriveConversionId(contentKeyMaterial(body));
}

/** An amount given in minor units (cents) in major units, by the currency's ISO 4217 digits (X
 * assumes USD when there is no currency). A fraction of a minor unit is a misread column. */
function inMajorUnits(parsed: Parsed<number>, inMinorUnits: boolean, currency: string | undefined): Parsed<number> {
  if (!inMinorUnits || parsed.kind !== "value") return parsed;
  if (!Number.isInteger(parsed.value))
    return parsedError(
      "minor_units_fraction",
      "is not a whole number of minor units (cents), as the mapping says values are",
    );
  const digits = minorUnitDigits(currency ?? "USD");
  return parsedValue(Number((parsed.value / 10 ** digits).toFixed(digits)));
}

/** The row's phone country, read only when there is a phone to read in it. */
function rowPhoneCountry(
  mapping: MappingSpec,
  values: Record<string, SourceValue>,
  phone: SourceValue | undefined,
  reasons: ConversionIssue[],
): Parsed<PhoneCountry> | undefined {
  const column = mapping.options.phoneCountryColumn;
  if (column === null || phone === undefined || phone === null || phone === "") return undefined;
  const cell = readFieldSource(values, { kind: "column", column }, "identifiers.hashed_phone_number", reasons);
  return parsePhoneCountry(cell);
}

function pathOf(key: ScalarFieldKey): string {
  return fieldDefinition(key)?.path ?? key;
}

export type NumberedRowResult = RowResult & { rowNumber: number; line?: number };

/** convertRow over source rows, keeping each result next to its row number so errors can never
 * be attached to the wrong row. */
export function convertRows(
  mapping: MappingSpec,
  destination: DestinationSettings,
  rows: readonly SourceRow[],
): NumberedRowResult[] {
  return rows.map((row) => ({
    ...convertRow(mapping, destination, row.values),
    rowNumber: row.rowNumber,
    ...(row.line !== undefined ? { line: row.line } : {}),
  }));
}
