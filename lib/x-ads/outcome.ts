import type { RateLimitInfo } from "./rate-limit-info";
import type { NamedValue } from "./named-error-values";
import type { XApiError } from "./x-api-errors";

/**
 * What a call to X came to, as data the caller can switch on: no exceptions for X's answers.
 * Every variant carries the rate-limit headers of the response (null when X sent none, or when
 * no response arrived) so a sync engine can pace itself.
 */

/** X refused the request as sent; sending it again unchanged will fail the same way. */
export interface RejectedFailure {
  kind: "rejected";
  status: number;
  errors: XApiError[];
  /**
   * Values X's messages quote (`event_id (p3aa1) does not belong…`), when any: which conversions
   * to drop. Unredacted, so for matching in memory only, never logged or stored.
   */
  namedValues?: NamedValue[];
  rateLimit: RateLimitInfo | null;
}

/** Over the rate limit: wait until `retryAt` (the window reset X announced), then resend. */
export interface RateLimitedFailure {
  kind: "rate_limited";
  status: 429;
  retryAt: Date;
  errors: XApiError[];
  rateLimit: RateLimitInfo | null;
}

/**
 * Worth resending later. `count_mismatch` is a 200 whose conversions_processed differs from the
 * batch size: not a success, and safe to resend because X deduplicates by conversion_id.
 * After a timeout or a dropped connection X may have processed the batch; the same holds.
 */
export interface RetryableFailure {
  kind: "retryable";
  reason: "server_error" | "timeout" | "network" | "aborted" | "unexpected_response" | "count_mismatch";
  status: number | null;
  /** From `retry-after`, when X sent one. */
  retryAt: Date | null;
  /** Safe to show and log: never contains tokens, secrets or identifiers. */
  message: string;
  debugId: string | null;
  rateLimit: RateLimitInfo | null;
}

/**
 * The credentials do not allow this: the token is invalid or revoked (`unauthenticated`), the
 * user lacks AD_MANAGER/ACCOUNT_ADMIN or any access on the account (`insufficient_access`), or
 * the app has no Ads API access (`app_not_authorized`). Needs a person, not a retry.
 */
export interface AuthFailure {
  kind: "auth_failure";
  reason: "unauthenticated" | "insufficient_access" | "app_not_authorized";
  status: number;
  errors: XApiError[];
  rateLimit: RateLimitInfo | null;
}

export type XFailure = RejectedFailure | RateLimitedFailure | RetryableFailure | AuthFailure;

export type XResult<T> = { kind: "ok"; value: T; rateLimit: RateLimitInfo | null } | XFailure;

export interface ConversionsAccepted {
  kind: "accepted";
  processed: number;
  debugId: string;
  rateLimit: RateLimitInfo | null;
}

export type ConversionsOutcome = ConversionsAccepted | XFailure;
