import { createHmac, randomBytes } from "node:crypto";
import OAuth from "oauth-1.0a";

/**
 * OAuth 1.0a HMAC-SHA1 request signing for X (x-ads-api.md §3.1), on the `oauth-1.0a` library.
 * Signed: method, URL without query, query parameters, form parameters and the oauth_* protocol
 * parameters. Not signed: JSON bodies, which X leaves out of the signature.
 */

export interface OAuthConsumer {
  key: string;
  secret: string;
}

export interface OAuthToken {
  key: string;
  secret: string;
}

export interface SignableRequest {
  method: string;
  /** Full URL; its query parameters are part of the signature. */
  url: string;
  /** Form-encoded body parameters (part of the signature). */
  form?: Record<string, string>;
  /** Extra protocol parameters such as oauth_callback: signed and sent in the header. */
  oauthParams?: Record<string, string>;
}

/** Fixed values for the test vector; real requests get a fresh nonce and the current time. */
export interface SigningOverrides {
  nonce?: string;
  timestamp?: number;
}

function hmacSha1(baseString: string, key: string): string {
  return createHmac("sha1", key).update(baseString).digest("base64");
}

export interface OAuthSigner {
  signature(request: SignableRequest, token: OAuthToken | undefined, overrides: Required<SigningOverrides>): string;
  authorizationHeader(request: SignableRequest, token?: OAuthToken, overrides?: SigningOverrides): string;
}

export function createOAuthSigner(consumer: OAuthConsumer): OAuthSigner {
  const oauth = new OAuth({ consumer, signature_method: "HMAC-SHA1", hash_function: hmacSha1 });

  function protocolParams(token: OAuthToken | undefined, overrides: Required<SigningOverrides>): OAuth.Data {
    return {
      oauth_consumer_key: consumer.key,
      oauth_nonce: overrides.nonce,
      oauth_signature_method: "HMAC-SHA1",
      oauth_timestamp: overrides.timestamp,
      oauth_version: "1.0",
      ...(token ? { oauth_token: token.key } : {}),
    };
  }

  function signature(
    request: SignableRequest,
    token: OAuthToken | undefined,
    overrides: Required<SigningOverrides>,
  ): string {
    const url = new URL(request.url);
    // Query parameters go in as data rather than through the library's own URL parsing, which
    // does not decode "+" the way X's form decoding does.
    const data: Record<string, string> = {
      ...Object.fromEntries(url.searchParams),
      ...request.form,
      ...request.oauthParams,
    };
    // The library merges data into the object it is given, so it gets a copy.
    return oauth.getSignature({ url: `${url.origin}${url.pathname}`, method: request.method, data }, token?.secret, {
      ...protocolParams(token, overrides),
    });
  }

  return {
    signature,
    authorizationHeader(request, token, overrides = {}) {
      // The library's own nonce comes from Math.random; a nonce should not be guessable.
      const fixed = {
        nonce: overrides.nonce ?? randomBytes(16).toString("hex"),
        timestamp: overrides.timestamp ?? Math.floor(Date.now() / 1000),
      };
      const params = {
        ...protocolParams(token, fixed),
        ...request.oauthParams,
        oauth_signature: signature(request, token, fixed),
      };
      return oauth.toHeader(params).Authorization;
    },
  };
}
