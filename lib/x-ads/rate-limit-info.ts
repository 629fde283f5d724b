/**
 * X's rate-limit headers, decoded for pacing. X sends an account-level family
 * (`x-account-rate-limit-*`) and a user-level one (`x-rate-limit-*`); when both are present the
 * account family wins, as the official SDKs do (x-ads-api.md §1.8, §1.9).
 */

export interface RateLimitInfo {
  /** Which header family the numbers came from. */
  source: "x-account-rate-limit" | "x-rate-limit";
  limit: number;
  remaining: number;
  /** When the window resets (X sends epoch seconds). */
  resetAt: Date;
}

function family(headers: Headers, source: RateLimitInfo["source"]): RateLimitInfo | null {
  const limit = Number(headers.get(`${source}-limit`) ?? Number.NaN);
  const remaining = Number(headers.get(`${source}-remaining`) ?? Number.NaN);
  const reset = Number(headers.get(`${source}-reset`) ?? Number.NaN);
  if (![limit, remaining, reset].every(Number.isFinite)) return null;
  return { source, limit, remaining, resetAt: new Date(reset * 1000) };
}

export function readRateLimit(headers: Headers): RateLimitInfo | null {
  return family(headers, "x-account-rate-limit") ?? family(headers, "x-rate-limit");
}

/** `retry-after` in seconds or as an HTTP date; null when absent or unreadable. */
export function readRetryAfter(headers: Headers, now: Date): Date | null {
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return new Date(now.getTime() + seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : new Date(date);
}
