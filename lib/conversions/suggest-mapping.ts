import type { SourceValue } from "@/lib/sources/types";
import { suggestDateOrder } from "./conversion-time";
import type { ScalarFieldKey } from "./field-catalog";
import type { FieldSource, MappingSpec } from "./mapping-spec";

/**
 * Column-name synonyms per target, best first. Names are compared after normalization
 * ("Customer E-mail" → "customer_e_mail"), so only the snake_case spelling is listed.
 * Hashed spellings are listed before plain ones' fuzzy matches so "email_sha256" is never
 * hashed a second time as a plain email.
 */
const SYNONYMS: ReadonlyArray<[ScalarFieldKey, readonly string[]]> = [
  ["hashed_email", ["hashed_email", "email_sha256", "sha256_email", "email_hash", "hashed_email_address", "em"]],
  ["hashed_phone_number", ["hashed_phone_number", "hashed_phone", "phone_sha256", "sha256_phone", "phone_hash", "ph"]],
  [
    "email",
    [
      "email",
      "e_mail",
      "email_address",
      "e_mail_address",
      "emailaddress",
      "customer_email",
      "user_email",
      "buyer_email",
      "contact_email",
      "receipt_email",
      "mail",
    ],
  ],
  [
    "phone",
    [
      "phone",
      "phone_number",
      "mobile",
      "mobile_phone",
      "mobile_number",
      "mobile_phone_number",
      "mobilephone",
      "cell",
      "cell_phone",
      "telephone",
      "tel",
      "customer_phone",
      "msisdn",
    ],
  ],
  ["twclid", ["twclid", "tw_clid", "twitter_click_id", "x_click_id", "click_id"]],
  ["ip_address", ["ip_address", "ip", "ip_addr", "client_ip", "remote_addr", "user_ip", "customer_ip", "browser_ip"]],
  ["user_agent", ["user_agent", "ua", "useragent", "http_user_agent", "client_user_agent", "browser"]],
  [
    "conversion_time",
    [
      "conversion_time",
      "converted_at",
      "event_time",
      "event_timestamp",
      "ordered_at",
      "order_date",
      "order_time",
      "order_created_at",
      "purchased_at",
      "purchase_date",
      "paid_at",
      "completed_at",
      "close_date",
      "closed_at",
      "occurred_at",
      "created_at",
      "created_date",
      "create_date",
      "date_created",
      "timestamp",
      "datetime",
      "created",
      "date",
      "time",
    ],
  ],
  [
    "conversion_id",
    ["conversion_id", "order_id", "order_number", "transaction_id", "invoice_id", "purchase_id", "event_uid"],
  ],
  [
    "value",
    [
      "value",
      "amount",
      "total",
      "order_total",
      "total_amount",
      "grand_total",
      "revenue",
      "purchase_revenue",
      "price",
      "order_value",
      "total_price",
    ],
  ],
  ["price_currency", ["price_currency", "currency", "currency_code", "currency_iso_code", "order_currency"]],
  [
    "number_items",
    [
      "number_items",
      "num_items",
      "quantity",
      "qty",
      "item_count",
      "items_count",
      "total_items",
      "total_item_quantity",
      "lineitem_quantity",
      "no_of_items",
      "number_of_items",
    ],
  ],
  ["description", ["description", "order_description", "product_name", "summary", "note"]],
];

/**
 * Parts of real headers that qualify a field without changing it: whose address it is
 * (WooCommerce's "Billing Email", GA4's "ecommerce.transaction_id") or how it is written
 * ("Created (UTC)", "Phone (E.164)"). Only tried when no header matches a synonym exactly, so a
 * plain "Email" beside "Billing Email" still wins.
 */
const QUALIFYING_PREFIXES = ["billing_", "shipping_", "customer_", "ecommerce_", "order_"];
const QUALIFYING_SUFFIXES = ["_utc", "_gmt", "_e_164", "_e164"];

function withoutQualifiers(normalized: string): string {
  let name = normalized;
  const prefix = QUALIFYING_PREFIXES.find((p) => name.startsWith(p) && name.length > p.length);
  if (prefix) name = name.slice(prefix.length);
  const suffix = QUALIFYING_SUFFIXES.find((s) => name.endsWith(s) && name.length > s.length);
  if (suffix) name = name.slice(0, -suffix.length);
  return name;
}

// Landing-page URLs, which carry the twclid query parameter when the visit came from an X ad.
const LANDING_URL_NAMES = [
  "landing_page",
  "landing_page_url",
  "landing_site",
  "landing_url",
  "page_location",
  "event_source_url",
  "entry_page",
  "entry_url",
  "first_page_url",
];

// Columns whose values say which country a row (and so its national phone number) belongs to.
const COUNTRY_NAMES = [
  "phone_country",
  "phone_country_code",
  "country_code",
  "country",
  "country_region",
  "billing_country",
  "billing_country_code",
  "shipping_country",
  "shipping_country_code",
  "customer_country",
  "geo_country",
  "default_address_country_code",
  "mailing_country",
  "card_address_country",
  "ip_country_code",
  "ip_country",
  "country_iso",
  "country_iso_code",
  "countrycode",
];

const CONTENTS_NAMES = ["contents", "items", "line_items", "products", "order_items", "cart_items"];
const ROW_KEY_NAMES = ["id", "row_id", "uuid", "pk"];

export function normalizeColumnName(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * A first mapping from a source's column names, for the wizard to pre-fill. Each column is used at
 * most once, event_id comes from the destination, hashing is on. The date order is taken from
 * sample rows when they settle it (a 31/12 or a 12/31). A column that names each row's
 * country feeds national phone numbers; no default phone country or time zone is guessed, which a
 * person must confirm.
 */
export function suggestMapping(
  columnNames: readonly string[],
  sampleRows: ReadonlyArray<Record<string, SourceValue>> = [],
): MappingSpec {
  const byNormalized = new Map<string, string>();
  const byUnqualified = new Map<string, string>();
  for (const name of columnNames) {
    const normalized = normalizeColumnName(name);
    if (normalized && !byNormalized.has(normalized)) byNormalized.set(normalized, name);
  }
  for (const [normalized, name] of byNormalized) {
    const unqualified = withoutQualifiers(normalized);
    if (!byUnqualified.has(unqualified)) byUnqualified.set(unqualified, name);
  }
  const used = new Set<string>();
  const pick = (candidates: readonly string[], exactOnly = false): string | undefined => {
    for (const names of exactOnly ? [byNormalized] : [byNormalized, byUnqualified]) {
      for (const candidate of candidates) {
        const column = names.get(candidate);
        if (column !== undefined && !used.has(column)) {
          used.add(column);
          return column;
        }
      }
    }
    return undefined;
  };

  const fields: Partial<Record<ScalarFieldKey, FieldSource>> = {};
  for (const [key, candidates] of SYNONYMS) {
    const column = pick(candidates);
    if (column !== undefined) fields[key] = { kind: "column", column };
  }
  if (!fields.twclid) {
    const landing = pick(LANDING_URL_NAMES);
    if (landing !== undefined) fields.twclid = { kind: "column", column: landing };
  }
  const contentsColumn = pick(CONTENTS_NAMES);
  const timeColumn = fields.conversion_time?.kind === "column" ? fields.conversion_time.column : undefined;
  const phoneCountryColumn = fields.phone ? pick(COUNTRY_NAMES, true) : undefined;
  // Exact names only: "Customer ID" is no row key, although "id" is.
  const rowKey = fields.conversion_id ? undefined : pick(ROW_KEY_NAMES, true);

  return {
    version: 1,
    fields,
    eventId: { kind: "destination" },
    contents: contentsColumn !== undefined ? { kind: "json", column: contentsColumn } : { kind: "none" },
    options: {
      hashing: true,
      defaultPhoneCountry: null,
      phoneCountryColumn: phoneCountryColumn ?? null,
      sourceTimeZone: "UTC",
      dateOrder:
        (timeColumn !== undefined ? suggestDateOrder(sampleRows.map((row) => row[timeColumn] ?? null)) : null) ??
        "auto",
      decimalSeparator: "auto",
      valueInMinorUnits: false,
      rowKeyColumns: rowKey !== undefined ? [rowKey] : [],
    },
  };
}
