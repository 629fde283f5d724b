/**
 * Every problem code a row can carry, with the one label people see for it: the preview's summary,
 * a run's reasons and the problems CSV all read it from here, so a code never has two names.
 * `conversion` codes come from convertRow (their RowIssue type only allows these); `sync` and
 * `source` codes from the sync engine and the source readers, listed so their labels live here too.
 * Codes X returns (INVALID_PARAMETER...) are X's own and shown as they are.
 */
export const PROBLEM_CODES = {
  // The conversion's event and time
  conversion_time_missing: { label: "Missing conversion time", origin: "conversion" },
  conversion_time_unmapped: { label: "Conversion time not mapped", origin: "conversion" },
  conversion_time_invalid: { label: "Unreadable conversion time", origin: "conversion" },
  conversion_time_out_of_range: { label: "Conversion time out of range", origin: "conversion" },
  conversion_time_future: { label: "Conversion time in the future", origin: "conversion" },
  conversion_time_date_only: { label: "Conversion time without time of day", origin: "conversion" },
  conversion_time_nonexistent_local: { label: "Conversion time skipped by a clock change", origin: "conversion" },
  conversion_time_ambiguous_local: { label: "Conversion time repeated by a clock change", origin: "conversion" },
  event_id_missing: { label: "Missing event", origin: "conversion" },
  destination_event_missing: { label: "Destination has no event", origin: "conversion" },
  invalid_event_id: { label: "Invalid event id", origin: "conversion" },
  event_id_pixel_mismatch: { label: "Event of another pixel", origin: "conversion" },
  // Identifiers
  identifier_missing: { label: "No twclid, email or phone", origin: "conversion" },
  twclid_url_invalid: { label: "Unreadable twclid in URL (left out)", origin: "conversion" },
  email_invalid: { label: "Invalid email (left out)", origin: "conversion" },
  email_not_hashed: { label: "Email not hashed", origin: "conversion" },
  phone_invalid: { label: "Invalid phone (left out)", origin: "conversion" },
  phone_country_missing: { label: "Phone without a country (left out)", origin: "conversion" },
  phone_country_unrecognized: { label: "Unrecognized phone country", origin: "conversion" },
  phone_not_hashed: { label: "Phone not hashed", origin: "conversion" },
  not_sha256: { label: "Not a SHA-256 digest", origin: "conversion" },
  ip_address_invalid: { label: "Invalid IP address (left out)", origin: "conversion" },
  // Values
  not_a_number: { label: "Not a number", origin: "conversion" },
  ambiguous_decimal_separator: { label: "Ambiguous decimal separator", origin: "conversion" },
  number_format_mismatch: { label: "Not in the mapping's number format", origin: "conversion" },
  minor_units_fraction: { label: "Fraction of a minor unit", origin: "conversion" },
  negative_amount: { label: "Negative amount", origin: "conversion" },
  invalid_currency: { label: "Invalid currency", origin: "conversion" },
  not_an_integer: { label: "Not a whole number", origin: "conversion" },
  not_positive: { label: "Not greater than 0", origin: "conversion" },
  not_text: { label: "Not text", origin: "conversion" },
  // Contents
  contents_invalid_json: { label: "Contents not JSON", origin: "conversion" },
  contents_not_array: { label: "Contents not a list", origin: "conversion" },
  content_not_object: { label: "Contents item not an object", origin: "conversion" },
  content_field_unknown: { label: "Unknown contents field (not sent)", origin: "conversion" },
  content_empty: { label: "Empty contents item (not sent)", origin: "conversion" },
  // The row as a whole
  column_missing: { label: "Column missing", origin: "conversion" },
  conversion_too_large: { label: "Conversion too large", origin: "conversion" },
  conversion_id_derived: { label: "Conversion id derived", origin: "conversion" },
  conversion_id_duplicate: { label: "Conversion id repeated (X keeps the first)", origin: "conversion" },
  row_key_incomplete: { label: "Row key incomplete", origin: "conversion" },
  // Found by the sync engine
  event_unknown: { label: "Event not in the ad account", origin: "sync" },
  cursor_missing: { label: "Empty cursor column", origin: "sync" },
  x_unavailable: { label: "X unavailable (sent next run)", origin: "sync" },
  // Lines a source could not read
  malformed_line: { label: "Malformed line", origin: "source" },
  invalid_utf8: { label: "Not UTF-8", origin: "source" },
  wrong_column_count: { label: "Wrong number of columns", origin: "source" },
  unclosed_quote: { label: "Unclosed quote", origin: "source" },
  line_too_long: { label: "Line too long", origin: "source" },
  row_too_large: { label: "Row too large", origin: "source" },
  file_unreadable: { label: "File unreadable", origin: "source" },
} as const satisfies Record<string, { label: string; origin: "conversion" | "sync" | "source" }>;

export type ProblemCode = keyof typeof PROBLEM_CODES;
/** The codes convertRow may put on a row. */
export type ConversionProblemCode = {
  [K in ProblemCode]: (typeof PROBLEM_CODES)[K]["origin"] extends "conversion" ? K : never;
}[ProblemCode];

export function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEM_CODES, code);
}

/** The label for a code; X's own codes (and any unknown one) are shown as they are. */
export function problemLabel(code: string): string {
  return isProblemCode(code) ? PROBLEM_CODES[code].label : code;
}
