import { createHmac } from "node:crypto";

/**
 * OAuth 1.0a HMAC-SHA1 as X computes it (RFC 5849 §3.4; x-ads-api.md §3.1). Written here on
 * node:crypto alone, independent of the client's library, so the contract tests check two
 * implementations against each other and both against X's published test vector.
 */

/** RFC 3986 percent-encoding: encodeURIComponent leaves !'()* alone, OAuth does not. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Parses `Authorization: OAuth k="v", ...` into decoded pairs. Returns null for anything that is
 * not an OAuth header or does not decode, so the caller answers with X's 401.
 */
export function parseAuthorizationHeader(header: string | undefined): Map<string, string> | null {
  if (!header || !/^OAuth\s/i.test(header)) return null;
  const params = new Map<string, string>();
  const pattern = /([A-Za-z0-9_.~%-]+)\s*=\s*"([^"]*)"/g;
  try {
    for (const match of header.slice(6).matchAll(pattern)) {
      const key = decodeURIComponent(match[1] ?? "");
      if (key === "realm") continue; // realm is not a signed parameter (RFC 5849 §3.4.1.3.1)
      params.set(key, decodeURIComponent(match[2] ?? ""));
    }
  } catch {
    return null;
  }
  return params;
}

/** `METHOD&pct(base URL)&pct(sorted, encoded params)`; duplicates are kept and sorted by value. */
export function signatureBaseString(
  method: string,
  baseUrl: string,
  params: ReadonlyArray<readonly [string, string]>,
): string {
  const encoded = params.map(([k, v]) => [percentEncode(k), percentEncode(v)] as const);
  encoded.sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)));
  const paramString = encoded.map(([k, v]) => `${k}=${v}`).join("&");
  return [method.toUpperCase(), percentEncode(baseUrl), percentEncode(paramString)].join("&");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac("sha1", key).update(baseString).digest("base64");
}
