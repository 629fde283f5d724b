/**
 * Whether a request's Origin is Sluice's own, for the route handlers that check it themselves
 * (Next checks server actions). The host the browser used is the request's own Host header;
 * X-Forwarded-Host is believed only behind trusted reverse proxies (SLUICE_TRUSTED_PROXIES), since
 * anything can send it. Behind n proxies it is read like X-Forwarded-For: each proxy is taken to
 * add one entry, so the n-th entry from the right, counting Host as the last, is what the
 * outermost proxy was asked for; entries further left are the client's word.
 */
export function expectedHost(headers: Headers, trustedProxies: number): string | null {
  const host = headers.get("host")?.trim() || null;
  if (trustedProxies <= 0) return host;
  const hops = [
    ...(headers.get("x-forwarded-host") ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
    ...(host ? [host] : []),
  ];
  return hops[Math.max(0, hops.length - 1 - trustedProxies)] ?? null;
}

/** True when the request has no Origin (not sent by a page: curl, a script with a session
 * cookie it already holds) or an Origin whose host is the expected one. "null" and unparsable
 * origins are foreign. */
export function isSameOriginRequest(headers: Headers, trustedProxies: number): boolean {
  const origin = headers.get("origin");
  if (origin === null) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const host = expectedHost(headers, trustedProxies);
  return host !== null && originHost.toLowerCase() === host.toLowerCase();
}
