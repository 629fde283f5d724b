/**
 * X's error bodies, decoded. Ads API errors look like
 * `{"errors":[{"code":"INVALID_PARAMETER","message":"...","parameter":"..."}]}` (string codes);
 * the OAuth and v1.1 endpoints use numeric codes; some failures come back as HTML, in which case
 * the HTTP status is all there is (x-ads-api.md §1.6).
 */

export interface XApiError {
  code: string;
  message: string;
  parameter?: string;
}

/**
 * X quotes the offending value back, e.g. `hashed_email (abc) is not a valid SHA-256 hash`. If a
 * raw e-mail or phone number ever reached such a field, that quote would carry it into logs and
 * the UI, so values of identifier fields are replaced before anyone sees the message.
 */
const IDENTIFIER_FIELDS = ["hashed_email", "hashed_phone_number", "twclid", "ip_address", "user_agent"];

export function redactIdentifierValues(message: string, parameter: string | undefined): string {
  if (parameter === undefined || !IDENTIFIER_FIELDS.includes(parameter)) return message;
  // Greedy on purpose: a user agent has parentheses of its own.
  return message.replace(/\(.*\)/s, "([redacted])");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function decodeXErrors(body: unknown, status: number): XApiError[] {
  const list = isRecord(body) && Array.isArray(body.errors) ? body.errors : [];
  const errors: XApiError[] = [];
  for (const item of list) {
    if (!isRecord(item)) continue;
    const code = typeof item.code === "string" || typeof item.code === "number" ? String(item.code) : `HTTP_${status}`;
    const parameter = typeof item.parameter === "string" ? item.parameter : undefined;
    const message = typeof item.message === "string" ? redactIdentifierValues(item.message, parameter) : "";
    errors.push(parameter === undefined ? { code, message } : { code, message, parameter });
  }
  return errors.length > 0 ? errors : [{ code: `HTTP_${status}`, message: `X answered HTTP ${status}` }];
}
