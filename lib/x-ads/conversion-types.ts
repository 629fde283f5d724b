/**
 * A conversion as X's Web Conversions API takes it (x-ads-api.md §1.2, §1.3). Values are sent as
 * given: hashing and normalising identifiers is lib/conversions' job, not the client's.
 */

export interface XConversionIdentifier {
  twclid?: string;
  /** SHA-256 hex of the trimmed, lower-cased e-mail. */
  hashed_email?: string;
  /** SHA-256 hex of the E.164 phone number, "+" included. */
  hashed_phone_number?: string;
  ip_address?: string;
  user_agent?: string;
}

export interface XConversionContent {
  content_id?: string;
  content_group_id?: string;
  content_name?: string;
  content_price?: number;
  content_type?: string;
  num_items?: number;
}

export interface XConversion {
  /** UTC, `yyyy-MM-ddTHH:mm:ss.SSSZ`. */
  conversion_time: string;
  /** The event tag id (`o87ne`) or its prefixed form (`tw-<pixel_id>-o87ne`). */
  event_id: string;
  identifiers: XConversionIdentifier[];
  number_items?: number;
  price_currency?: string;
  value?: number | string;
  /** X's deduplication key: keep it stable across retries. */
  conversion_id?: string;
  description?: string;
  contents?: XConversionContent[];
  event_source_url?: string;
}
