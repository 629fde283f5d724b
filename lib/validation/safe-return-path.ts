/**
 * The one check for every place Sluice sends the browser to a path it was given: the OAuth
 * callback's return path, sign-in's callbackUrl (on the server and again in the form), and the
 * connect route's returnTo.
 *
 * Prefix tests are not enough: browsers read "//evil.example" and "/\evil.example" as another
 * site, drop tabs and newlines anywhere in a URL ("/\t/evil.example"), and a path that is safe as
 * typed can normalise to one that is not ("/.//evil.example" resolves to the path
 * "//evil.example", which, written back as a Location, is another site again). So the candidate
 * is resolved against a placeholder origin the way a browser would, and accepted only if it stays
 * there; what is returned is the resolved path, never the input, and it must not start with "//".
 */

const PLACEHOLDER = "http://sluice.invalid";
const MAX_LENGTH = 2_000;
// C0 and C1 controls, DEL, and the invisible or line-breaking characters that browsers or
// proxies may strip or treat as separators.
const CONTROL_OR_INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;
// An encoded slash or backslash in the path could become a real one if anything decodes it once
// more on the way (a proxy, a router); Sluice's own paths never contain either.
const ENCODED_SEPARATOR = /%(2f|5c)/i;

/** The same-origin path (path, query and fragment, normalised) to send the browser to, or null. */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return null;
  if (!value.startsWith("/") || value.startsWith("//")) return null;
  if (value.includes("\\") || CONTROL_OR_INVISIBLE.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER);
  } catch {
    return null;
  }
  if (url.origin !== PLACEHOLDER || url.username || url.password) return null;
  if (url.pathname.startsWith("//") || ENCODED_SEPARATOR.test(url.pathname)) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.length > MAX_LENGTH ? null : path;
}

/** A safe `path` with one query parameter set (replacing any earlier value of it). Throws on a
 * path that safeReturnPath refuses: callers pass a checked path or a constant. */
export function withQueryParam(path: string, name: string, value: string): string {
  const safe = safeReturnPath(path);
  if (safe === null) throw new Error("withQueryParam needs a path that safeReturnPath accepts.");
  const url = new URL(safe, PLACEHOLDER);
  url.searchParams.set(name, value);
  return `${url.pathname}${url.search}${url.hash}`;
}
