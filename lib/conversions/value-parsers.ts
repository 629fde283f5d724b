import type { SourceValue } from "@/lib/sources/types";
import { cellToText } from "./cell-text";
import { isIso4217Code } from "./iso-4217";
import { parsedEmpty, parsedError, parsedValue, type Parsed } from "./types";

const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
// "1,234.56": comma thousands groups followed by a dot decimal part cannot be read two ways.
const GROUPED_DECIMAL = /^[+-]?\d{1,3}(?:,\d{3})+\.\d+$/;
// Numbers as the mapping says they are written: thousands groups optional, then the decimal part.
const POINT_FORMAT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$/;
const COMMA_FORMAT = /^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$|^[+-]?,\d+$/;
// What exports put around an amount: currency signs ("€ 19,99", "$1,234.56"), ISO codes
// ("19.99 EUR"), and spaces, including the no-break and thin spaces used as thousands separators.
const CURRENCY_CODE_AROUND = /^[A-Za-z]{3}(?=[\s\d+\-.,])|(?<=[\d\s])[A-Za-z]{3}$/g;
const DECORATION = /[\p{Sc}\s\u00a0\u202f'’]/gu;

/** How a mapping's amounts are written: "auto" takes only what cannot be read two ways. */
export type DecimalSeparator = "auto" | "point" | "comma";

/**
 * A money amount (conversion `value`, `content_price`) in major units. Numbers and numeric strings
 * are accepted, currency signs, codes and spaces around the digits ignored; NaN and infinities are
 * not. With the "auto" format a comma without a following dot decimal part ("12,50", "1,234",
 * "1.234,56") reads as either a decimal comma or a thousands separator, and guessing wrong
 * reports a price 100 or 1000 times off, so it gets its own error code instead of a guess; the
 * mapping's decimal point or decimal comma format settles it.
 */
export function parseAmount(cell: SourceValue | undefined, separator: DecimalSeparator = "auto"): Parsed<number> {
  if (typeof cell === "number") return checkAmount(cell);
  if (cell === null || cell === undefined) return parsedEmpty;
  if (typeof cell !== "string") return parsedError("not_a_number", "is not a number");
  const text = cell.trim().replace(CURRENCY_CODE_AROUND, "").replace(DECORATION, "");
  if (text.length === 0) return cell.trim().length === 0 ? parsedEmpty : parsedError("not_a_number", "is not a number");
  if (separator === "point") {
    if (POINT_FORMAT.test(text)) return checkAmount(Number(text.replaceAll(",", "")));
    return parsedError(
      "number_format_mismatch",
      "is not written with a decimal point (1,234.56), the mapping's number format",
    );
  }
  if (separator === "comma") {
    if (COMMA_FORMAT.test(text)) return checkAmount(Number(text.replaceAll(".", "").replace(",", ".")));
    return parsedError(
      "number_format_mismatch",
      "is not written with a decimal comma (1.234,56), the mapping's number format",
    );
  }
  if (PLAIN_DECIMAL.test(text)) return checkAmount(Number(text));
  if (GROUPED_DECIMAL.test(text)) return checkAmount(Number(text.replaceAll(",", "")));
  if (text.includes(",")) {
    return parsedError(
      "ambiguous_decimal_separator",
      "uses a comma, which could be a decimal comma or a thousands separator; choose the number format (decimal point or decimal comma) in the mapping",
    );
  }
  return parsedError("not_a_number", "is not a number (digits and an optional dot decimal part)");
}

function checkAmount(value: number): Parsed<number> {
  if (!Number.isFinite(value)) return parsedError("not_a_number", "is NaN or infinite");
  // X documents no negative values; refunds are not conversions.
  if (value < 0) return parsedError("negative_amount", "is negative");
  return parsedValue(value === 0 ? 0 : value);
}

/** ISO 4217, any case on input, upper case out. */
export function parseCurrency(cell: SourceValue | undefined): Parsed<string> {
  const text = cellToText(cell);
  if (text.kind !== "value") return text;
  const code = text.value.toUpperCase();
  return isIso4217Code(code) ? parsedValue(code) : parsedError("invalid_currency", "is not an ISO 4217 currency code");
}

/** `number_items` and `contents[].num_items`: X requires an integer greater than 0. */
export function parsePositiveInteger(cell: SourceValue | undefined): Parsed<number> {
  let value: number;
  if (typeof cell === "number") value = cell;
  else {
    const text = cellToText(cell);
    if (text.kind !== "value") return text;
    if (!/^[+-]?\d+(?:\.0*)?$/.test(text.value)) return parsedError("not_an_integer", "is not a whole number");
    value = Number(text.value);
  }
  if (!Number.isSafeInteger(value)) return parsedError("not_an_integer", "is not a whole number");
  if (value <= 0) return parsedError("not_positive", "must be greater than 0");
  return parsedValue(value);
}

const BASE36_ID = /^[a-z0-9]{1,32}$/;
const PREFIXED_EVENT_ID = /^tw-([a-z0-9]{1,32})-([a-z0-9]{1,32})$/;

/**
 * An event id in either form X accepts: bare base-36 (`o87ne`) or `tw-<pixel_id>-<event_id>`.
 * Base 36 is case-insensitive, so input is lower-cased. A prefixed id naming another pixel than the
 * destination's would be sent to the wrong pixel's endpoint, so it is refused.
 */
export function parseEventId(cell: SourceValue | undefined, pixelId: string | null | undefined): Parsed<string> {
  const text = cellToText(cell);
  if (text.kind !== "value") return text;
  const id = text.value.toLowerCase();
  if (BASE36_ID.test(id)) return parsedValue(id);
  const prefixed = PREFIXED_EVENT_ID.exec(id);
  if (!prefixed)
    return parsedError("invalid_event_id", "is neither a base-36 event id (o87ne) nor tw-<pixel_id>-<event_id>");
  if (pixelId && prefixed[1] !== pixelId.trim().toLowerCase()) {
    return parsedError("event_id_pixel_mismatch", "names a different pixel than the destination's");
  }
  return parsedValue(id);
}

/** The event tag id itself (`o87ne`) of an id parseEventId accepted, in either form. */
export function bareEventId(eventId: string): string {
  return PREFIXED_EVENT_ID.exec(eventId)?.[2] ?? eventId;
}
