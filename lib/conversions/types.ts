import type { ConversionProblemCode } from "./problem-codes";

/**
 * The shapes X's Conversions API takes (x-ads-api.md §1.2-1.3) and the per-row result Sluice
 * derives from a source row. Everything here is plain JSON so it can cross a server action, a job
 * payload or the CLI unchanged.
 */

/** One element of `identifiers`. X's own examples put ip_address and user_agent in the same object
 * and every other identifier in its own object; we always send that shape. */
export type XIdentifier =
  | { twclid: string }
  | { hashed_email: string }
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
  conversion_time: string;
  event_id: string;
  identifiers: XIdentifier[];
  value?: number;
  price_currency?: string;
  number_items?: number;
  /** Always present: the mapped id or one derived from the row, so a re-send is deduplicated. */
  conversion_id: string;
  description?: string;
  contents?: XContent[];
}

/** Body of `POST /12/measurement/conversions/{pixel_id}`. */
export interface XConversionsRequest {
  conversions: XConversion[];
}

/** What a destination contributes to every conversion: the event (Events Manager "ID") and the
 * pixel it belongs to (used to check `tw-<pixel>-<event>` ids). */
export interface DestinationSettings {
  eventId?: string | null;
  pixelId?: string | null;
}

/** A reason a row is invalid, or a warning on a row that is still sent. `field` is a path into the
 * conversion ("identifiers.hashed_email", "contents[0].content_price"); `message` never contains a
 * source cell's value, so it cannot leak an email or phone number into logs or the UI. */
export interface RowIssue {
  field: string;
  /** Registered in problem-codes.ts, which gives it its one label (convertRow's own issues are
   * typed ConversionIssue; the sync engine adds its registered codes to the same shape). */
  code: string;
  message: string;
}

/** A RowIssue as convertRow makes it: only registered conversion codes. */
export interface ConversionIssue extends RowIssue {
  code: ConversionProblemCode;
}

export type RowResult =
  /** `json`: the conversion's JSON, made once here, the bytes the sync engine sends. */
  | { status: "valid"; conversion: XConversion; json: string; warnings: RowIssue[] }
  | { status: "invalid"; reasons: RowIssue[]; warnings: RowIssue[] };

/** Result of one value parser: a value, nothing (empty cell), or a problem. */
export type Parsed<T> =
  | { kind: "value"; value: T }
  | { kind: "empty" }
  | { kind: "error"; code: ConversionProblemCode; message: string };

export const parsedValue = <T>(value: T): Parsed<T> => ({ kind: "value", value });
export const parsedEmpty: Parsed<never> = { kind: "empty" };
export const parsedError = (code: ConversionProblemCode, message: string): Parsed<never> => ({ kind: "error", code, message });
