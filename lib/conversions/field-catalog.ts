/**
 * Every field of an X web conversion (x-ads-api.md §1.2-1.3), described for the mapping UI, which
 * is generated from this table. `key` is the mapping spec's key; `path` is where the value ends up
 * in the conversion sent to X (and the `field` of any row issue about it).
 */

export const SCALAR_FIELD_KEYS = [
  "conversion_time",
  "twclid",
  "email",
  "hashed_email",
  "phone",
  "hashed_phone_number",
  "ip_address",
  "user_agent",
  "value",
  "price_currency",
  "number_items",
  "conversion_id",
  "description",
] as const;
export type ScalarFieldKey = (typeof SCALAR_FIELD_KEYS)[number];

export const CONTENT_FIELD_KEYS = [
  "content_id",
  "content_group_id",
  "content_name",
  "content_price",
  "content_type",
  "num_items",
] as const;
export type ContentFieldKey = (typeof CONTENT_FIELD_KEYS)[number];

export type FieldType =
  | "timestamp"
  | "event_id"
  | "text"
  | "email"
  | "phone"
  | "sha256"
  | "ip_address"
  | "amount"
  | "currency"
  | "positive_integer"
  | "contents";

export interface FieldDefinition<K extends string = string> {
  key: K;
  label: string;
  path: string;
  group: "event" | "identifier" | "value" | "contents";
  type: FieldType;
  /** "always": the row is invalid without it. "one_identifier": at least one of twclid, hashed
   * email or hashed phone must be present after normalization. */
  required: "always" | "one_identifier" | "optional";
  /** SHA-256 is applied (unless already a digest) before sending. */
  hashed: boolean;
  /** Whether a static value makes sense. A static time, identifier or conversion id would give
   * every row the same value: invented times, one "customer", everything deduplicated away. */
  staticAllowed: boolean;
  help: string;
  example: string;
}

const f = <K extends string>(def: FieldDefinition<K>): FieldDefinition<K> => def;

export const FIELD_CATALOG = [
  f({
    key: "conversion_time",
    label: "Conversion time",
    path: "conversion_time",
    group: "event",
    type: "timestamp",
    required: "always",
    hashed: false,
    staticAllowed: false,
    help: "When the conversion happened. ISO 8601, `YYYY-MM-DD HH:mm:ss` (read in the source time zone), `DD/MM/YYYY` or `MM/DD/YYYY` with the date format below, epoch seconds or milliseconds, or a database timestamp. Sent as UTC. A row without it is invalid: Sluice never uses the current time instead.",
    example: "2024-05-01T14:03:00.000Z",
  }),
  f({
    key: "event_id",
    label: "Event",
    path: "event_id",
    group: "event",
    type: "event_id",
    required: "always",
    hashed: false,
    staticAllowed: false,
    help: "The X event (Events Manager ID) the conversion counts for. Usually the destination's event; a column can carry it instead. Bare (o87ne) or tw-<pixel_id>-<event_id>.",
    example: "o87ne",
  }),
  f({
    key: "twclid",
    label: "Click ID (twclid)",
    path: "identifiers.twclid",
    group: "identifier",
    type: "text",
    required: "one_identifier",
    hashed: false,
    staticAllowed: false,
    help: "The click id (from the _twclid cookie), or a landing-page URL column: Sluice takes its twclid query parameter, percent-decoded. The strongest identifier; never hashed.",
    example: "23opevjt88psuo13lu8d020qkn",
  }),
  f({
    key: "email",
    label: "Email",
    path: "identifiers.hashed_email",
    group: "identifier",
    type: "email",
    required: "one_identifier",
    hashed: true,
    staticAllowed: false,
    help: "Plain email address: trimmed, lower-cased and SHA-256 hashed before it leaves Sluice. A value that is already a SHA-256 digest is sent as is.",
    example: "jane@example.com",
  }),
  f({
    key: "hashed_email",
    label: "Email (already SHA-256)",
    path: "identifiers.hashed_email",
    group: "identifier",
    type: "sha256",
    required: "one_identifier",
    hashed: false,
    staticAllowed: false,
    help: "A column that already holds the SHA-256 hex digest of the trimmed, lower-cased email.",
    example: "d360d510a224510f373931ce2d6215a799f5a9c1cef221b0149b6b6b50cced62",
  }),
  f({
    key: "phone",
    label: "Phone number",
    path: "identifiers.hashed_phone_number",
    group: "identifier",
    type: "phone",
    required: "one_identifier",
    hashed: true,
    staticAllowed: false,
    help: "Phone number in any common format. Converted to E.164 (national numbers are read in the row's country column, else the default phone country) and SHA-256 hashed. Numbers that are not valid are dropped with a warning.",
    example: "(415) 555-2671",
  }),
  f({
    key: "hashed_phone_number",
    label: "Phone (already SHA-256)",
    path: "identifiers.hashed_phone_number",
    group: "identifier",
    type: "sha256",
    required: "one_identifier",
    hashed: false,
    staticAllowed: false,
    help: "A column that already holds the SHA-256 hex digest of the E.164 phone number (with the +).",
    example: "1fa6b8d986d9b9cd01bf36951815158bbde9f520c0567c835dfe34783d0a4231",
  }),
  f({
    key: "ip_address",
    label: "IP address",
    path: "identifiers.ip_address",
    group: "identifier",
    type: "ip_address",
    required: "optional",
    hashed: false,
    staticAllowed: false,
    help: "Visitor IP (IPv4 or IPv6), never hashed. Only sent alongside a click ID, email or phone; invalid addresses are dropped with a warning.",
    example: "8.25.197.25",
  }),
  f({
    key: "user_agent",
    label: "User agent",
    path: "identifiers.user_agent",
    group: "identifier",
    type: "text",
    required: "optional",
    hashed: false,
    staticAllowed: false,
    help: "Full browser user agent string, never hashed. Sent together with the IP address, and only alongside a click ID, email or phone.",
    example:
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36",
  }),
  f({
    key: "value",
    label: "Value",
    path: "value",
    group: "value",
    type: "amount",
    required: "optional",
    hashed: false,
    staticAllowed: true,
    help: 'Amount of the conversion. Currency signs and spaces are ignored; set the number format below for decimal commas ("12,50") and the minor-units switch for cents. Sent to X as a number in major units.',
    example: "20.00",
  }),
  f({
    key: "price_currency",
    label: "Currency",
    path: "price_currency",
    group: "value",
    type: "currency",
    required: "optional",
    hashed: false,
    staticAllowed: true,
    help: "ISO 4217 code. X assumes USD when it is missing.",
    example: "USD",
  }),
  f({
    key: "number_items",
    label: "Number of items",
    path: "number_items",
    group: "value",
    type: "positive_integer",
    required: "optional",
    hashed: false,
    staticAllowed: true,
    help: "How many items the conversion covers; a whole number greater than 0.",
    example: "3",
  }),
  f({
    key: "conversion_id",
    label: "Conversion ID",
    path: "conversion_id",
    group: "event",
    type: "text",
    required: "optional",
    hashed: false,
    staticAllowed: false,
    help: "Your own id for the conversion (order id). X deduplicates on it within 48 hours, also against the pixel. When not mapped, Sluice derives a stable id from the row so re-sends are deduplicated.",
    example: "ORDER-23294827",
  }),
  f({
    key: "description",
    label: "Description",
    path: "description",
    group: "value",
    type: "text",
    required: "optional",
    hashed: false,
    staticAllowed: true,
    help: "Free text about the conversion.",
    example: "Pet supply purchase",
  }),
  f({
    key: "contents",
    label: "Contents",
    path: "contents",
    group: "contents",
    type: "contents",
    required: "optional",
    hashed: false,
    staticAllowed: false,
    help: "Products in the conversion: a JSON column holding an array of items, or per-item columns.",
    example: '[{"content_id":"SKU-1","content_price":100.99,"num_items":1}]',
  }),
] as const satisfies readonly FieldDefinition[];

export const CONTENT_FIELD_CATALOG = [
  f({
    key: "content_id",
    label: "Product ID",
    path: "content_id",
    group: "contents",
    type: "text",
    required: "optional",
    hashed: false,
    staticAllowed: true,
    help: "SKU or GTIN.",
    example: "SKU-123",
  }),
  f({
    key: "content_group_id",
    label: "Product group ID",
    path: "content_group_id",
    group: "contents",
    type: "text",
    required: "optional",
    hashed: false,
    staticAllowed: true,
    help: "Product group or variant family; sent as a string.",
    example: "group 1",
  }),
  f({
    key: "content_name",
    label: "Product name",
    path: "content_name",
    group: "contents",
    type: "text",
    required: "optional",
    hashed: false,
    staticAllowed: true,
    help: "Name of the product or service.",
    example: "Blankets",
  }),
  f({
    key: "content_price",
    label: "Product price",
    path: "content_price",
    group: "contents",
    type: "amount",
    required: "optional",
    hashed: false,
    staticAllowed: true,
    help: "Unit price in major units; dot decimals.",
    example: "100.99",
  }),
  f({
    key: "content_type",
    label: "Product type",
    path: "content_type",
    group: "contents",
    type: "text",
    required: "optional",
    hashed: false,
    staticAllowed: true,
    help: "Category of the product.",
    example: "Pet supplies",
  }),
  f({
    key: "num_items",
    label: "Quantity",
    path: "num_items",
    group: "contents",
    type: "positive_integer",
    required: "optional",
    hashed: false,
    staticAllowed: true,
    help: "Quantity of this product; a whole number greater than 0.",
    example: "1",
  }),
] as const satisfies readonly FieldDefinition<ContentFieldKey>[];

/** The fields of which a row needs at least one (twclid, e-mail, phone, plain or hashed). */
export const MATCHING_IDENTIFIER_KEYS = FIELD_CATALOG.filter((def) => def.required === "one_identifier").map(
  (def) => def.key,
);

export function fieldDefinition(key: string): FieldDefinition | undefined {
  return FIELD_CATALOG.find((def) => def.key === key);
}

export function contentFieldDefinition(key: string): FieldDefinition | undefined {
  return CONTENT_FIELD_CATALOG.find((def) => def.key === key);
}
