/**
 * X's errors do not say which conversion of a batch failed, but some quote the offending value
 * (x-ads-api.md §1.6): `hashed_email (abc) is not a valid SHA-256 hash`,
 * `event_id (p3aa1) does not belong to provided account`,
 * `Expected Time in yyyy-MM-ddTHH:mm:ss.SSSZ, got "2022-06-16T01:14:00.603" for conversion_time`.
 * Knowing the value, the sender can drop exactly the conversions carrying it and resend the rest
 * at once, instead of bisecting the batch.
 *
 * The value is read from the raw message, before redaction, so it may be personal data (a raw
 * e-mail put in hashed_email): it is for matching in memory only, never to be logged or stored.
 */
export interface NamedValue {
  /** The field the value was sent in, as X names it (`hashed_email`, `event_id`…). */
  parameter: string;
  value: string;
}

// `<field> (<value>) <verb>…`: greedy up to the last ") " before a verb, so a user agent's own
// parentheses stay in the value while `(SET)` at the end of the message does not.
const LEADING_NAME = /^([a-z][a-z0-9_]*) \((.*)\) (?:is|are|does|do|was|were|must|has|have|cannot|can't|should)\b/is;
// `…got "<value>" for <field>` (X's type and format errors).
const GOT_FOR = /\bgot "(.*)" for ([a-z][a-z0-9_]*)\s*$/is;

/** The value an error message names, with its field; null when the message names none. */
export function namedErrorValue(message: string, parameter?: string): NamedValue | null {
  const leading = LEADING_NAME.exec(message.trim());
  if (leading) return { parameter: leading[1]!.toLowerCase(), value: leading[2]! };
  const got = GOT_FOR.exec(message.trim());
  if (got) return { parameter: got[2]!.toLowerCase(), value: got[1]! };
  // Liberal where X's wording is unconfirmed: a `parameter` with the value in parentheses
  // right after its name somewhere in the message.
  if (parameter) {
    const escaped = parameter.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const inner = new RegExp(`\\b${escaped} \\(([^()]*)\\)`, "i").exec(message);
    if (inner) return { parameter: parameter.toLowerCase(), value: inner[1]! };
  }
  return null;
}

/** Every value named by an error body's messages (deduplicated), read before any redaction. */
export function namedErrorValues(body: unknown): NamedValue[] {
  const list =
    typeof body === "object" && body !== null && Array.isArray((body as { errors?: unknown }).errors)
      ? (body as { errors: unknown[] }).errors
      : [];
  const seen = new Set<string>();
  const named: NamedValue[] = [];
  for (const item of list) {
    if (typeof item !== "object" || item === null) continue;
    const { message, parameter } = item as { message?: unknown; parameter?: unknown };
    if (typeof message !== "string") continue;
    const found = namedErrorValue(message, typeof parameter === "string" && parameter !== "" ? parameter : undefined);
    if (!found || found.value === "") continue;
    const key = `${found.parameter}\u0000${found.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    named.push(found);
  }
  return named;
}
