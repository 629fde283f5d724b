/**
 * The Content-Security-Policy. Pages get a fresh nonce per request (proxy.ts): Next puts it on
 * its own scripts (it reads it from this header in the request), next-themes' inline script gets
 * it from the root layout, and 'strict-dynamic' lets the scripts they load run. No
 * 'unsafe-inline' for scripts, so injected markup cannot run script. Responses proxy.ts does not
 * see (API routes, static files) get the policy without a nonce: nothing inline runs there.
 *
 * Styles keep 'unsafe-inline': React's style attributes (progress bars, widths) cannot carry a
 * nonce, and a nonce in style-src would make browsers ignore 'unsafe-inline'. Injected CSS can
 * restyle a page but not run script or send data off the origin (everything else is 'self').
 */
export function contentSecurityPolicy(options: { nonce?: string; development?: boolean } = {}): string {
  const scripts = options.nonce ? `'self' 'nonce-${options.nonce}' 'strict-dynamic'` : "'self'";
  return [
    "default-src 'self'",
    // React's development build uses eval for its error overlays; production never does.
    `script-src ${scripts}${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** A nonce: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
