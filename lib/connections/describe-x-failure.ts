import type { XFailure } from "@/lib/x-ads";

/**
 * One sentence for a person about why a call to X failed, with X's own error text when it sent
 * any. X's messages are already stripped of identifier values by lib/x-ads.
 */
export function describeXFailure(failure: XFailure, doing: string): string {
  switch (failure.kind) {
    case "auth_failure":
      if (failure.reason === "unauthenticated")
        return `X refused the connection's token while ${doing}: it was revoked or is invalid. Reconnect X.`;
      if (failure.reason === "app_not_authorized")
        return `X says this app has no Ads API access (${quote(failure.errors)}).`;
      return `X says the connected user may not do this (${quote(failure.errors)}).`;
    case "rate_limited":
      return `X's rate limit was reached while ${doing}. Try again after ${failure.retryAt.toISOString().slice(11, 16)} UTC.`;
    case "rejected":
      return `X refused the request while ${doing}: ${quote(failure.errors)}.`;
    case "retryable":
      return `X could not be reached or failed while ${doing} (${failure.message}). Try again in a moment.`;
  }
}

/** What a person can do about a failed read: reconnect X (token refused or access missing), or
 * try again (X unreachable, busy or rate limited). */
export type XFailureRemedy = "reconnect" | "retry";

export function xFailureRemedy(failure: XFailure): XFailureRemedy {
  return failure.kind === "auth_failure" ? "reconnect" : "retry";
}

function quote(errors: ReadonlyArray<{ code: string; message: string }>): string {
  return errors.map((error) => `${error.code}: ${error.message}`).join("; ");
}
