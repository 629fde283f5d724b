import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { StandinRequest } from "./http-io";
import { headerValue, sendJson } from "./http-io";
import { isRecord } from "./json-value";
import { verifyOAuthRequest } from "./oauth-verify";
import { rateLimitHeaders } from "./rate-limiter";
import type { SeedPixel } from "./seed-schema";
import type { StandinState } from "./standin-state";
import { MAX_CONVERSIONS_PER_REQUEST, validateConversions } from "./validate-conversions";
import { NOT_AUTHENTICATED, UNAUTHORIZED_CLIENT_APPLICATION, xErrorBody } from "./x-error";
import type { XErrorEntry } from "./x-error";

/**
 * `POST /12/measurement/conversions/:pixel_id` (x-ads-api.md §1). Order of checks: who is
 * calling (OAuth user or X-Pixel-Token), may they use this pixel's account, is the body JSON,
 * does the batch fit the account's rate-limit window, is every conversion valid. Only a fully
 * valid batch is recorded and counted against the window.
 */

const SENDING_ROLES = ["ACCOUNT_ADMIN", "AD_MANAGER"] as const;

type Caller = { auth: "oauth"; userId: string } | { auth: "pixel_token"; userId: null };

function fail(
  res: ServerResponse,
  status: number,
  errors: XErrorEntry[],
  params: Record<string, unknown>,
  headers = {},
): void {
  sendJson(res, status, xErrorBody(errors, params), headers);
}

function identifyCaller(state: StandinState, req: StandinRequest, res: ServerResponse, pixelId: string): Caller | null {
  const pixelToken = headerValue(req.headers, "x-pixel-token");
  if (pixelToken !== undefined) {
    if (state.pixelTokens.get(pixelToken) === pixelId) return { auth: "pixel_token", userId: null };
    sendJson(res, 401, xErrorBody([NOT_AUTHENTICATED]), { "x-standin-auth-failure": "unknown_pixel_token" });
    return null;
  }
  const verified = verifyOAuthRequest(state, req, "access");
  if (!verified.ok || !verified.accessToken) {
    const reason = verified.ok ? "missing_token" : verified.reason;
    sendJson(res, 401, xErrorBody([NOT_AUTHENTICATED]), { "x-standin-auth-failure": reason });
    return null;
  }
  if (!verified.app.adsApiAccess) {
    fail(res, 403, [UNAUTHORIZED_CLIENT_APPLICATION], {});
    return null;
  }
  return { auth: "oauth", userId: verified.accessToken.userId };
}

/** OAuth callers need AD_MANAGER or ACCOUNT_ADMIN on the pixel's account; a pixel token is enough by itself. */
function mayUsePixel(state: StandinState, res: ServerResponse, caller: Caller, pixel: SeedPixel): boolean {
  if (caller.auth === "pixel_token") return true;
  const params = { account_id: pixel.accountId };
  const permissions = state.world.permissions(caller.userId, pixel.accountId);
  if (permissions.length === 0) {
    fail(
      res,
      404,
      [{ code: "NOT_FOUND", message: `User ${caller.userId} does not have access to account ${pixel.accountId}` }],
      params,
    );
    return false;
  }
  if (!permissions.some((p) => (SENDING_ROLES as readonly string[]).includes(p))) {
    const message = `User ${caller.userId} is not authorized to send conversions for account ${pixel.accountId}: AD_MANAGER or ACCOUNT_ADMIN required`;
    fail(res, 403, [{ code: "INSUFFICIENT_USER_AUTHORIZED_PERMISSION", message }], params);
    return false;
  }
  return true;
}

export function postConversions(
  state: StandinState,
  req: StandinRequest,
  res: ServerResponse,
  pixelId: string,
  undercount: boolean,
): void {
  const caller = identifyCaller(state, req, res, pixelId);
  if (!caller) return;
  const pixel = state.world.pixel(pixelId);
  if (!pixel) return fail(res, 404, [{ code: "NOT_FOUND", message: `Pixel ${pixelId} was not found` }], {});
  if (!mayUsePixel(state, res, caller, pixel)) return;
  const params = { account_id: pixel.accountId };
  const limiterKey = `account:${pixel.accountId}`;

  let body: unknown;
  try {
    body = JSON.parse(req.rawBody);
  } catch {
    return fail(
      res,
      400,
      [{ code: "INVALID_PARAMETER", message: "Request body is not valid JSON", parameter: "" }],
      params,
    );
  }
  const list = isRecord(body) ? body.conversions : undefined;
  const size = Array.isArray(list) ? list.length : 0;
  const now = state.now();
  const window = state.conversionLimiter.check(limiterKey, size, now);
  const headers = rateLimitHeaders("x-rate-limit", window.state);
  if (size >= 1 && size <= MAX_CONVERSIONS_PER_REQUEST && !window.allowed) {
    return fail(res, 429, [{ code: "TOO_MANY_REQUESTS", message: "Rate limit exceeded" }], params, headers);
  }
  const rejected = state.rejectedValues;
  const result = validateConversions(body, {
    pixelId,
    lookupEventTag: (id) => state.world.lookupEventTag(pixel, id),
    ...(rejected.size > 0
      ? { rejectsValue: (parameter: string, value: string) => rejected.has(parameter, value) }
      : {}),
  });
  if (!result.ok) return fail(res, result.status, result.errors, params, headers);

  // The "undercount" fault: X answers 200 but says it processed one conversion fewer.
  const processed = undercount ? result.conversions.slice(0, -1) : result.conversions;
  const debugId = randomUUID();
  const after = state.conversionLimiter.consume(limiterKey, processed.length, now);
  state.conversions.record(
    processed,
    { debugId, pixelId, accountId: pixel.accountId, auth: caller.auth, userId: caller.userId },
    now,
  );
  sendJson(
    res,
    200,
    { request: { params }, data: { conversions_processed: processed.length, debug_id: debugId } },
    rateLimitHeaders("x-rate-limit", after),
  );
}
