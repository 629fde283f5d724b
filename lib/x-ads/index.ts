/** Sluice's client for X's OAuth 1.0a flow and Ads API. Server-side only: it handles secrets. */
export { createPixelTokenClient, createXAdsClient } from "./ads-api-client";
export type {
  ListOptions,
  XAccountAccess,
  XAdAccount,
  XAdsClient,
  XAdsClientInput,
  XWebEventTag,
} from "./ads-api-client";
export { resolveXAdsConfig, X_PRODUCTION_CONFIG } from "./config";
export type { XAdsConfig } from "./config";
export type { XContent, XConversion, XConversionsRequest, XIdentifier } from "./conversion-types";
export { createXOAuthFlow } from "./oauth-flow";
export type { XAccessToken, XOAuthFlow, XRequestToken } from "./oauth-flow";
export { createOAuthSigner } from "./oauth-signer";
export type { OAuthConsumer, OAuthToken } from "./oauth-signer";
export type {
  AuthFailure,
  ConversionsAccepted,
  ConversionsOutcome,
  RateLimitedFailure,
  RejectedFailure,
  RetryableFailure,
  XFailure,
  XResult,
} from "./outcome";
export { readRateLimit } from "./rate-limit-info";
export type { RateLimitInfo } from "./rate-limit-info";
export { sendConversions, serializedConversionsBody } from "./send-conversions";
export type { ConversionBatch, ConversionsAuth, RequestOptions, SerializedConversions } from "./send-conversions";
export type { XApiError } from "./x-api-errors";
export { namedErrorValue, namedErrorValues } from "./named-error-values";
export type { NamedValue } from "./named-error-values";
