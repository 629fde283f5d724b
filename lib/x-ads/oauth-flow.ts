import type { XAdsConfig } from "./config";
import type { OAuthConsumer, OAuthToken } from "./oauth-signer";
import { createOAuthSigner } from "./oauth-signer";
import type { XResult } from "./outcome";
import type { RequestOptions } from "./send-conversions";
import { classifyFailure, sendXRequest, unexpectedResponse } from "./x-request";

/**
 * X's three-legged OAuth 1.0a flow (x-ads-api.md §3.1): request token → the user authorizes on
 * X → access token; plus revoking a token. Tokens and secrets only travel in return values;
 * the caller stores them encrypted and never sends the request token secret to a browser.
 */

export interface XRequestToken {
  token: string;
  secret: string;
}

export interface XAccessToken {
  token: string;
  secret: string;
  userId: string;
  screenName: string;
}

export interface XOAuthFlow {
  /** Step 1. `callbackUrl` must be registered on the app (or "oob" for a PIN). */
  requestToken(callbackUrl: string, options?: RequestOptions): Promise<XResult<XRequestToken>>;
  /** Step 2: where to send the browser. */
  authorizeUrl(requestToken: string, options?: { forceLogin?: boolean; screenName?: string }): string;
  /** Step 3, with the `oauth_verifier` X put on the callback URL. */
  accessToken(
    requestToken: string,
    requestTokenSecret: string,
    verifier: string,
    options?: RequestOptions,
  ): Promise<XResult<XAccessToken>>;
  /** Revokes an access token (`POST /1.1/oauth/invalidate_token`). */
  invalidateToken(token: OAuthToken, options?: RequestOptions): Promise<XResult<null>>;
}

function formFields(body: unknown): URLSearchParams | null {
  return typeof body === "string" ? new URLSearchParams(body) : null;
}

export function createXOAuthFlow({ config, consumer }: { config: XAdsConfig; consumer: OAuthConsumer }): XOAuthFlow {
  const signer = createOAuthSigner(consumer);

  type SignedParams = { form?: Record<string, string>; oauthParams?: Record<string, string> };

  async function post(path: string, token: OAuthToken | undefined, extra: SignedParams, options: RequestOptions) {
    const url = `${config.apiBaseUrl}${path}`;
    const authorization = signer.authorizationHeader({ method: "POST", url, ...extra }, token);
    const headers: Record<string, string> = { authorization };
    if (extra.form) headers["content-type"] = "application/x-www-form-urlencoded";
    return sendXRequest({
      method: "POST",
      url,
      headers,
      body: extra.form ? new URLSearchParams(extra.form).toString() : undefined,
      timeoutMs: options.timeoutMs ?? config.timeoutMs,
      signal: options.signal,
    });
  }

  return {
    async requestToken(callbackUrl, options = {}) {
      const result = await post(
        "/oauth/request_token",
        undefined,
        { oauthParams: { oauth_callback: callbackUrl } },
        options,
      );
      if (!result.ok) return result.failure;
      const { response } = result;
      if (response.status !== 200) return classifyFailure(response);
      const fields = formFields(response.body);
      const token = fields?.get("oauth_token");
      const secret = fields?.get("oauth_token_secret");
      if (!fields || !token || !secret) return unexpectedResponse(response, "a request token");
      // X's signal that it accepted the callback; without it the flow would end somewhere else.
      if (fields.get("oauth_callback_confirmed") !== "true") {
        const errors = [{ code: "CALLBACK_NOT_CONFIRMED", message: "X did not confirm the callback URL" }];
        return { kind: "rejected", status: response.status, errors, rateLimit: response.rateLimit };
      }
      return { kind: "ok", value: { token, secret }, rateLimit: response.rateLimit };
    },

    authorizeUrl(requestToken, options = {}) {
      const url = new URL(`${config.apiBaseUrl}/oauth/authorize`);
      url.searchParams.set("oauth_token", requestToken);
      if (options.forceLogin) url.searchParams.set("force_login", "true");
      if (options.screenName) url.searchParams.set("screen_name", options.screenName);
      return url.toString();
    },

    async accessToken(requestToken, requestTokenSecret, verifier, options = {}) {
      const token = { key: requestToken, secret: requestTokenSecret };
      const result = await post("/oauth/access_token", token, { form: { oauth_verifier: verifier } }, options);
      if (!result.ok) return result.failure;
      const { response } = result;
      if (response.status !== 200) return classifyFailure(response);
      const fields = formFields(response.body);
      const value = {
        token: fields?.get("oauth_token") ?? "",
        secret: fields?.get("oauth_token_secret") ?? "",
        userId: fields?.get("user_id") ?? "",
        screenName: fields?.get("screen_name") ?? "",
      };
      if (!value.token || !value.secret || !value.userId) return unexpectedResponse(response, "an access token");
      return { kind: "ok", value, rateLimit: response.rateLimit };
    },

    async invalidateToken(token, options = {}) {
      const result = await post("/1.1/oauth/invalidate_token", token, {}, options);
      if (!result.ok) return result.failure;
      if (result.response.status !== 200) return classifyFailure(result.response);
      return { kind: "ok", value: null, rateLimit: result.response.rateLimit };
    },
  };
}
