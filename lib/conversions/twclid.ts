import type { SourceValue } from "@/lib/sources/types";
import { cellToText } from "./cell-text";
import type { Normalized } from "./normalize-identifiers";
import { parsedEmpty, parsedValue } from "./types";

// A landing-page URL, whole ("https://shop.example/p?x=1"), as a path ("/p?x=1") or a bare query
// ("?twclid=..."). A click id itself is base 36 and never looks like any of these.
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|[/?])/i;
const TWCLID_PARAMETER = /(?:^|[?&#])twclid=([^&#]*)/i;

/**
 * twclid from its column: the click id itself, or the landing-page URL X's guide tells advertisers
 * to capture it from, whose `twclid` query parameter is taken, percent-decoded. A URL without one
 * has no click id (most visits come from elsewhere), which is no problem with the row.
 */
export function normalizeTwclid(cell: SourceValue | undefined): Normalized {
  const text = cellToText(cell);
  if (text.kind !== "value") return text;
  const match = TWCLID_PARAMETER.exec(text.value);
  if (!match) return URL_LIKE.test(text.value) ? parsedEmpty : text;
  let decoded: string;
  try {
    decoded = decodeURIComponent(match[1]!.replace(/\+/g, " ")).trim();
  } catch {
    return {
      kind: "dropped",
      code: "twclid_url_invalid",
      message: "is in a URL whose twclid parameter is not valid percent-encoding; left out of the identifiers",
    };
  }
  return decoded === "" ? parsedEmpty : parsedValue(decoded);
}
