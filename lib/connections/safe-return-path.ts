/**
 * The OAuth callback sends the browser back to where the flow started. Only same-site paths are
 * allowed: "//evil.example" and "/\evil.example" are protocol-relative URLs to another site in
 * browsers, so they are refused along with anything absolute.
 */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || value.length > 500) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  if (/[\u0000-\u001f]/.test(value)) return null;
  return value;
}

/** `path` with one query parameter set (replacing any earlier value of it). */
export function withQueryParam(path: string, name: string, value: string): string {
  const url = new URL(path, "http://sluice.invalid");
  url.searchParams.set(name, value);
  return `${url.pathname}${url.search}`;
}
