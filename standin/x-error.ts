/**
 * X's error envelope. Ads API errors use string codes (`INVALID_PARAMETER`); the OAuth and v1.1
 * endpoints use numeric codes (32 "Could not authenticate you."), so both are allowed.
 */
export interface XErrorEntry {
  code: string | number;
  message: string;
  parameter?: string;
}

export function xErrorBody(errors: XErrorEntry[], params: Record<string, unknown> = {}) {
  return { errors, request: { params } };
}

export const NOT_AUTHENTICATED: XErrorEntry = {
  code: "UNAUTHORIZED_ACCESS",
  message: "This request is not properly authenticated",
};

export const ROUTE_NOT_FOUND: XErrorEntry = {
  code: "ROUTE_NOT_FOUND",
  message: "The requested resource could not be found",
};

/**
 * The app's Ads API access form was never approved (x-ads-api.md §1.6, §3.4). X's live service
 * still says "Twitter Ads API" here, as public reports of this error show.
 */
export const UNAUTHORIZED_CLIENT_APPLICATION: XErrorEntry = {
  code: "UNAUTHORIZED_CLIENT_APPLICATION",
  message:
    "The client application making this request does not have access to Twitter Ads API. Ensure your application has advertiser-api access.",
};

/** v1.1-style bodies, used by /oauth/* and /1.1/* as X's older API does. */
export const COULD_NOT_AUTHENTICATE = { errors: [{ code: 32, message: "Could not authenticate you." }] };
export const INVALID_OR_EXPIRED_TOKEN = { errors: [{ code: 89, message: "Invalid or expired token." }] };
