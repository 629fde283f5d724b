/**
 * A conversion as Sluice sends it to X's Web Conversions API (x-ads-api.md §1.2, §1.3): the one
 * wire type, built by lib/conversions and sent by this client. It is the strict form of what X
 * takes (X also accepts a value as a numeric string and no conversion_id; Sluice never sends
 * either). Values are sent as given: hashing and normalising identifiers is lib/conversions' job.
 */

/** One element of `identifiers`. X's own examples put ip_address and user_agent in the same object
 * and every other identifier in its own object; Sluice always sends that shape. */
export type XIdentifier =
  | { twclid: string }
  /** SHA-256 hex of the trimmed, lower-cased e-mail. */
  | { hashed_email: string }
  /** SHA-256 hex of the E.164 phone number, "+" included. */
  | { hashed_phone_number: string }
  | { ip_address?: string; user_agent?: string };

export interface XContent {
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
  identifiers: XIdentifier[];
  value?: number;
  price_currency?: string;
  number_items?: number;
  /** X's deduplication key: always sent (the mapped id or one derived from the row), so a
   * re-send is deduplicated. */
  conversion_id: string;
  description?: string;
  contents?: XContent[];
  event_source_url?: string;
}

/** Body of `POST /12/measurement/conversions/{pixel_id}`. */
export interface XConversionsRequest {
  conversions: XConversion[];
}
