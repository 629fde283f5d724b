/** Small helpers for looking at parsed JSON without trusting its shape. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value as X quotes it back in error messages: strings in double quotes, the rest as JSON. */
export function shown(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}
