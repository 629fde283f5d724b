import type { ServerResponse } from "node:http";
import type { ReadContext } from "./ads-read-routes";
import { authenticatedUserAccess, getAccount, listAccounts, listWebEventTags } from "./ads-read-routes";
import { postConversions } from "./conversions-route";
import type { StandinRequest } from "./http-io";
import { sendJson } from "./http-io";
import { verifyOAuthRequest } from "./oauth-verify";
import type { StandinState } from "./standin-state";
import { NOT_AUTHENTICATED, ROUTE_NOT_FOUND, UNAUTHORIZED_CLIENT_APPLICATION, xErrorBody } from "./x-error";

/**
 * The Ads API host: `/<version>/...`. Version 12 is current and 11 still served (x-ads-api.md
 * §0); every answer carries `x-current-api-version`. Unknown paths are a 404 ROUTE_NOT_FOUND
 * before any authentication, a known path under a retired version is refused as X does.
 */

export const CURRENT_API_VERSION = "12";
const SERVED_VERSIONS = new Set(["11", "12"]);

type ReadHandler = (ctx: ReadContext) => void;

const READ_ROUTES: Array<[RegExp, string, ReadHandler]> = [
  [/^\/(\d+)\/accounts$/, "accounts", listAccounts],
  [/^\/(\d+)\/accounts\/([^/]+)$/, "account", getAccount],
  [/^\/(\d+)\/accounts\/([^/]+)\/authenticated_user_access$/, "authenticated_user_access", authenticatedUserAccess],
  [/^\/(\d+)\/accounts\/([^/]+)\/web_event_tags$/, "web_event_tags", listWebEventTags],
];
const CONVERSIONS_ROUTE = /^\/(\d+)\/measurement\/conversions\/([^/]+)$/;

export function isAdsApiPath(path: string): boolean {
  return /^\/\d+\//.test(path);
}

export function handleAdsRoute(
  state: StandinState,
  req: StandinRequest,
  res: ServerResponse,
  undercount: boolean,
): void {
  const path = req.url.pathname;

  const conversions = req.method === "POST" ? CONVERSIONS_ROUTE.exec(path) : null;
  if (conversions) {
    if (!versionServed(res, conversions[1])) return;
    return postConversions(state, req, res, decodeURIComponent(conversions[2] ?? ""), undercount);
  }
  for (const [pattern, route, handler] of req.method === "GET" ? READ_ROUTES : []) {
    const match = pattern.exec(path);
    if (!match) continue;
    if (!versionServed(res, match[1])) return;
    const userId = authenticateReader(state, req, res);
    if (userId === null) return;
    const accountId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    return handler({ state, req, res, userId, route, accountId });
  }
  sendJson(res, 404, xErrorBody([ROUTE_NOT_FOUND]));
}

function versionServed(res: ServerResponse, version: string | undefined): boolean {
  if (version !== undefined && SERVED_VERSIONS.has(version)) return true;
  sendJson(res, 400, xErrorBody([{ code: "INVALID", message: `Version ${version ?? ""} is not available.` }]));
  return false;
}

function authenticateReader(state: StandinState, req: StandinRequest, res: ServerResponse): string | null {
  const verified = verifyOAuthRequest(state, req, "access");
  if (!verified.ok || !verified.accessToken) {
    const reason = verified.ok ? "missing_token" : verified.reason;
    sendJson(res, 401, xErrorBody([NOT_AUTHENTICATED]), { "x-standin-auth-failure": reason });
    return null;
  }
  if (!verified.app.adsApiAccess) {
    sendJson(res, 403, xErrorBody([UNAUTHORIZED_CLIENT_APPLICATION]));
    return null;
  }
  return verified.accessToken.userId;
}
