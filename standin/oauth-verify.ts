import { timingSafeEqual } from "node:crypto";
import type { StandinRequest } from "./http-io";
import { headerValue } from "./http-io";
import { hmacSha1Signature, parseAuthorizationHeader, signatureBaseString } from "./oauth-signature";
import type { SeedApp } from "./seed-schema";
import type { AccessTokenRecord, RequestTokenRecord, StandinState } from "./standin-state";
import { REQUEST_TOKEN_TTL_MS } from "./standin-state";

/**
 * Checks one request's OAuth 1.0a header the way X does: known consumer, HMAC-SHA1 only,
 * timestamp near the real clock, nonce never seen inside that window, a live token of the kind
 * the route needs, and a signature over method, URL, query and form parameters made with the
 * consumer secret and that token's secret. JSON bodies are not part of the signature.
 */

export type TokenKind = "none" | "request" | "access";

export type OAuthFailure =
  | "missing_header"
  | "unsupported_signature_method"
  | "unsupported_version"
  | "unknown_consumer"
  | "bad_timestamp"
  | "missing_nonce"
  | "missing_token"
  | "unknown_token"
  | "revoked_token"
  | "bad_signature"
  | "replayed_nonce";

export type OAuthVerification =
  | {
      ok: true;
      app: SeedApp;
      oauth: Map<string, string>;
      requestToken?: RequestTokenRecord;
      accessToken?: AccessTokenRecord;
    }
  | { ok: false; reason: OAuthFailure };

export function verifyOAuthRequest(state: StandinState, req: StandinRequest, kind: TokenKind): OAuthVerification {
  const oauth = parseAuthorizationHeader(headerValue(req.headers, "authorization"));
  if (!oauth) return { ok: false, reason: "missing_header" };
  const get = (name: string) => oauth.get(name) ?? req.form?.get(name) ?? req.url.searchParams.get(name) ?? undefined;

  if (get("oauth_signature_method") !== "HMAC-SHA1") return { ok: false, reason: "unsupported_signature_method" };
  const version = get("oauth_version");
  if (version !== undefined && version !== "1.0") return { ok: false, reason: "unsupported_version" };
  const app = state.world.app(get("oauth_consumer_key") ?? "");
  if (!app) return { ok: false, reason: "unknown_consumer" };
  const timestamp = Number(get("oauth_timestamp"));
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() - timestamp * 1000) > state.timestampWindowMs) {
    return { ok: false, reason: "bad_timestamp" };
  }
  const nonce = get("oauth_nonce");
  if (!nonce) return { ok: false, reason: "missing_nonce" };

  const token = lookupToken(state, kind, get("oauth_token"), app.consumerKey);
  if ("reason" in token) return { ok: false, reason: token.reason };

  const expected = hmacSha1Signature(
    signatureBaseString(req.method, baseUrl(req.url), signedParams(req, oauth)),
    app.consumerSecret,
    token.secret,
  );
  if (!sameText(expected, get("oauth_signature") ?? "")) return { ok: false, reason: "bad_signature" };
  // Only a correctly signed request spends its nonce, so forged requests cannot burn real ones.
  if (!state.nonces.use(`${app.consumerKey}\u0000${get("oauth_token") ?? ""}\u0000${nonce}`, Date.now())) {
    return { ok: false, reason: "replayed_nonce" };
  }
  return { ok: true, app, oauth, requestToken: token.requestToken, accessToken: token.accessToken };
}

type TokenLookup =
  { secret: string; requestToken?: RequestTokenRecord; accessToken?: AccessTokenRecord } | { reason: OAuthFailure };

function lookupToken(
  state: StandinState,
  kind: TokenKind,
  token: string | undefined,
  consumerKey: string,
): TokenLookup {
  if (kind === "none") return { secret: "" };
  if (!token) return { reason: "missing_token" };
  if (kind === "request") {
    const record = state.requestTokens.get(token);
    const live =
      record && record.consumerKey === consumerKey && state.now() - record.createdAtMs < REQUEST_TOKEN_TTL_MS;
    return live ? { secret: record.secret, requestToken: record } : { reason: "unknown_token" };
  }
  const record = state.accessTokens.get(token);
  if (!record || record.consumerKey !== consumerKey) return { reason: "unknown_token" };
  if (record.revoked) return { reason: "revoked_token" };
  return { secret: record.secret, accessToken: record };
}

/** RFC 5849 §3.4.1.2: scheme and host lower-case, no query; the Host header names the port. */
function baseUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function signedParams(req: StandinRequest, oauth: Map<string, string>): Array<[string, string]> {
  const params: Array<[string, string]> = [];
  for (const [key, value] of oauth) if (key !== "oauth_signature") params.push([key, value]);
  for (const [key, value] of req.url.searchParams) params.push([key, value]);
  if (req.form) for (const [key, value] of req.form) params.push([key, value]);
  return params;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
