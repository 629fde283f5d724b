import type { ConversionProblemCode } from "./problem-codes";

import type { XConversion } from "@/lib/x-ads/conversion-types";

/**
 * The per-row result Sluice derives from a source row, and what it is made from. Everything here
 * is plain JSON so it can cross a server action, a job payload or the CLI unchanged.
 */

// The wire types are lib/x-ads' (the client that sends them); re-exported for this module's users.
export type { XContent, XConversion, XConversionsRequest, XIdentifier } from "@/lib/x-ads/conversion-types";

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
  { kind: "value"; value: T } | { kind: "empty" } | { kind: "error"; code: ConversionProblemCode; message: string };

export const parsedValue = <T>(value: T): Parsed<T> => ({ kind: "value", value });
export const parsedEmpty: Parsed<never> = { kind: "empty" };
export const parsedError = (code: ConversionProblemCode, message: string): Parsed<never> => ({
  kind: "error",
  code,
  message,
});
