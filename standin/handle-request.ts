import type { IncomingMessage, ServerResponse } from "node:http";
import { CURRENT_API_VERSION, handleAdsRoute, isAdsApiPath } from "./ads-router";
import { renderMessagePage } from "./consent-page";
import { handleControlRoute } from "./control-routes";
import type { FaultRule } from "./faults";
import { BodyTooLargeError, readStandinRequest, sendHtml, sendJson } from "./http-io";
import { OAUTH_ROUTES } from "./oauth-routes";
import { rateLimitHeaders } from "./rate-limiter";
import type { StandinState } from "./standin-state";
import { ROUTE_NOT_FOUND, xErrorBody } from "./x-error";

/**
 * One entry point for every request: control API first (never faulted), then any injected
 * fault, then X's routes. Timers of slow responses are tracked so stop() leaves nothing behind.
 */

export interface HandlerResources {
  timers: Set<NodeJS.Timeout>;
  fallbackHost: () => string;
}

export function createRequestHandler(state: StandinState, resources: HandlerResources) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(state, resources, req, res).catch(() => {
      // Never echo internals (or anything a caller sent) back; the request log keeps the status.
      if (!res.headersSent) sendJson(res, 500, xErrorBody([{ code: "INTERNAL_ERROR", message: "Internal error" }]));
      else res.destroy();
    });
  };
}

async function handle(state: StandinState, resources: HandlerResources, req: IncomingMessage, res: ServerResponse) {
  let request;
  try {
    request = await readStandinRequest(req, resources.fallbackHost());
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return sendJson(res, 413, xErrorBody([{ code: "REQUEST_TOO_LARGE", message: "Request entity too large" }]));
    throw error;
  }
  const path = request.url.pathname;
  if (path.startsWith("/_standin/")) return handleControlRoute(state, request, res);

  res.on("close", () =>
    state.logRequest(request.method, path + request.url.search, res.writableFinished ? res.statusCode : 0),
  );
  if (isAdsApiPath(path)) res.setHeader("x-current-api-version", CURRENT_API_VERSION);

  let undercount = false;
  const fault = state.faults.take(path);
  if (fault) {
    if (fault.kind === "slow") await delay(resources.timers, fault.delayMs ?? 1000);
    else if (fault.kind === "undercount") undercount = true;
    else return applyFault(state, req, res, fault);
  }

  const oauthRoute = OAUTH_ROUTES[`${request.method} ${path}`];
  if (oauthRoute) return oauthRoute(state, request, res);
  if (isAdsApiPath(path)) return handleAdsRoute(state, request, res, undercount);
  if (request.method === "GET" && path === "/") {
    return sendHtml(
      res,
      200,
      renderMessagePage(
        "Sluice's stand-in for X",
        "Serves X's OAuth 1.0a and Ads API v11/v12 locally. See standin/README.md.",
      ),
    );
  }
  sendJson(res, 404, xErrorBody([ROUTE_NOT_FOUND]));
}

function applyFault(state: StandinState, req: IncomingMessage, res: ServerResponse, fault: FaultRule): void {
  switch (fault.kind) {
    case "500":
      return sendJson(res, 500, xErrorBody([{ code: "INTERNAL_ERROR", message: "Internal error" }]));
    case "503": {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
      return sendJson(res, 503, xErrorBody([{ code: "SERVICE_UNAVAILABLE", message: "Service unavailable" }]), headers);
    }
    case "429": {
      const reset = Math.ceil(state.now() / 1000) + (fault.retryAfterSeconds ?? 60);
      const headers = rateLimitHeaders("x-rate-limit", {
        limit: state.conversionLimiter.limit,
        remaining: 0,
        resetEpochSeconds: reset,
      });
      return sendJson(res, 429, xErrorBody([{ code: "TOO_MANY_REQUESTS", message: "Rate limit exceeded" }]), headers);
    }
    case "drop":
      // The connection dies with no response at all, as when a proxy or X's edge resets it.
      req.socket.destroy();
      return;
    case "timeout":
      // Never answer: the client's own timeout has to fire. stop() closes the socket.
      return;
    case "slow":
    case "undercount":
      return;
  }
}

function delay(timers: Set<NodeJS.Timeout>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });
}
