import { randomInt } from "node:crypto";
import type { ServerResponse } from "node:http";
import { renderConsentPage, renderMessagePage, renderPinPage } from "./consent-page";
import type { StandinRequest } from "./http-io";
import { redirect, sendForm, sendHtml, sendJson } from "./http-io";
import type { OAuthFailure, TokenKind } from "./oauth-verify";
import { verifyOAuthRequest } from "./oauth-verify";
import type { SeedApp } from "./seed-schema";
import type { StandinState } from "./standin-state";
import { randomToken, REQUEST_TOKEN_TTL_MS } from "./standin-state";
import { COULD_NOT_AUTHENTICATE, INVALID_OR_EXPIRED_TOKEN } from "./x-error";

/**
 * X's OAuth 1.0a three-legged flow (x-ads-api.md §3.1) plus token invalidation. These endpoints
 * answer in X's v1.1 style: form-encoded successes, numeric error codes. The consent form itself
 * is a browser page and, as on X, is not OAuth-signed.
 */

type Handler = (state: StandinState, req: StandinRequest, res: ServerResponse) => void;

export const OAUTH_ROUTES: Record<string, Handler> = {
  "POST /oauth/request_token": requestToken,
  "GET /oauth/authorize": consentPage,
  "GET /oauth/authenticate": consentPage,
  "POST /oauth/authorize": consentDecision,
  "POST /oauth/access_token": accessToken,
  "POST /1.1/oauth/invalidate_token": invalidateToken,
};

/** Sends X's 401 and says why in a stand-in-only header, which real X never explains. */
export function refuseOAuth(res: ServerResponse, reason: OAuthFailure, body: unknown): void {
  sendJson(res, 401, body, { "x-standin-auth-failure": reason });
}

function verify(state: StandinState, req: StandinRequest, res: ServerResponse, kind: TokenKind) {
  const result = verifyOAuthRequest(state, req, kind);
  if (!result.ok) {
    const tokenProblem = result.reason === "unknown_token" || result.reason === "revoked_token";
    refuseOAuth(res, result.reason, tokenProblem ? INVALID_OR_EXPIRED_TOKEN : COULD_NOT_AUTHENTICATE);
    return null;
  }
  return result;
}

export function callbackAllowed(app: SeedApp, callback: string): boolean {
  if (callback === "oob") return true;
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    return false;
  }
  if (app.callbacks === "loopback") {
    return (
      (url.protocol === "http:" || url.protocol === "https:") &&
      (url.hostname === "127.0.0.1" || url.hostname === "localhost")
    );
  }
  return app.callbacks.some((allowed) => {
    const a = new URL(allowed);
    return a.origin === url.origin && a.pathname === url.pathname;
  });
}

function requestToken(state: StandinState, req: StandinRequest, res: ServerResponse): void {
  const auth = verify(state, req, res, "none");
  if (!auth) return;
  const callback =
    auth.oauth.get("oauth_callback") ?? req.form?.get("oauth_callback") ?? req.url.searchParams.get("oauth_callback");
  if (!callback) return sendJson(res, 400, { errors: [{ code: 215, message: "Bad Authentication data." }] });
  if (!callbackAllowed(auth.app, callback)) {
    const message =
      "Callback URL not approved for this client application. Approved callback URLs can be adjusted in your application settings";
    return sendJson(res, 403, { errors: [{ code: 415, message }] });
  }
  const record = {
    token: randomToken(24),
    secret: randomToken(24),
    consumerKey: auth.app.consumerKey,
    callback,
    createdAtMs: state.now(),
    verifier: null,
    userId: null,
  };
  state.requestTokens.set(record.token, record);
  sendForm(res, 200, {
    oauth_token: record.token,
    oauth_token_secret: record.secret,
    oauth_callback_confirmed: "true",
  });
}

const EXPIRED_TITLE = "This page is no longer valid";
const EXPIRED_TEXT = "The sign-in request has expired or was already used.";

function pendingRequestToken(state: StandinState, token: string | null) {
  const record = token ? state.requestTokens.get(token) : undefined;
  if (!record || record.verifier !== null || state.now() - record.createdAtMs >= REQUEST_TOKEN_TTL_MS) return null;
  return record;
}

function consentPage(state: StandinState, req: StandinRequest, res: ServerResponse): void {
  const record = pendingRequestToken(state, req.url.searchParams.get("oauth_token"));
  if (!record)
    return sendHtml(res, 400, renderMessagePage(EXPIRED_TITLE, `${EXPIRED_TEXT} Go back to the app and start again.`));
  const page = renderConsentPage({
    appName: state.world.app(record.consumerKey)?.name ?? "An app",
    requestToken: record.token,
    users: state.world.seed.users,
    preselectScreenName: req.url.searchParams.get("screen_name") ?? undefined,
  });
  sendHtml(res, 200, page);
}

function consentDecision(state: StandinState, req: StandinRequest, res: ServerResponse): void {
  const record = pendingRequestToken(state, req.form?.get("oauth_token") ?? null);
  if (!record) return sendHtml(res, 400, renderMessagePage(EXPIRED_TITLE, EXPIRED_TEXT));
  const appName = state.world.app(record.consumerKey)?.name ?? "the app";
  if (req.form?.get("decision") !== "authorize") {
    state.requestTokens.delete(record.token);
    if (record.callback === "oob")
      return sendHtml(res, 200, renderMessagePage("Authorization cancelled", `You did not authorize ${appName}.`));
    return redirect(res, withParams(record.callback, { denied: record.token }));
  }
  const user = state.world.user(req.form.get("user_id") ?? "");
  if (!user)
    return sendHtml(
      res,
      400,
      renderMessagePage("Choose an account", "Pick the X account to sign in with, then try again."),
    );
  record.userId = user.id;
  // Out-of-band callers type the verifier by hand, so it is a short PIN there, as on X.
  record.verifier = record.callback === "oob" ? String(randomInt(1_000_000, 10_000_000)) : randomToken(24);
  if (record.callback === "oob") return sendHtml(res, 200, renderPinPage(appName, record.verifier));
  redirect(res, withParams(record.callback, { oauth_token: record.token, oauth_verifier: record.verifier }));
}

function withParams(callback: string, params: Record<string, string>): string {
  const url = new URL(callback);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

function accessToken(state: StandinState, req: StandinRequest, res: ServerResponse): void {
  const auth = verify(state, req, res, "request");
  if (!auth?.requestToken) return;
  const record = auth.requestToken;
  const verifier =
    auth.oauth.get("oauth_verifier") ?? req.form?.get("oauth_verifier") ?? req.url.searchParams.get("oauth_verifier");
  if (record.verifier === null || record.userId === null || verifier !== record.verifier) {
    return refuseOAuth(res, "unknown_token", INVALID_OR_EXPIRED_TOKEN);
  }
  state.requestTokens.delete(record.token); // a request token buys exactly one access token
  const user = state.world.user(record.userId);
  const issued = state.issueAccessToken(record.userId, record.consumerKey);
  sendForm(res, 200, {
    oauth_token: issued.token,
    oauth_token_secret: issued.secret,
    user_id: record.userId,
    screen_name: user?.screenName ?? "",
  });
}

function invalidateToken(state: StandinState, req: StandinRequest, res: ServerResponse): void {
  const auth = verify(state, req, res, "access");
  if (!auth?.accessToken) return;
  auth.accessToken.revoked = true;
  sendJson(res, 200, { access_token: auth.accessToken.token });
}
