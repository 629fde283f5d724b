import { SSO_REFUSAL_MESSAGES, type SsoRefusal } from "./sso-sign-in-decision";

// The sign-in page's ?error= codes, as sentences: Sluice's own SSO refusals (sso_<reason>) and
// next-auth's codes for a sign-in that did not complete (it sends its error page here).

const FLOW_FAILED =
  "Single sign-on did not complete. Try again; if it keeps failing, ask an owner to check Settings → Single sign-on.";

const NEXT_AUTH_MESSAGES: Record<string, string> = {
  OAuthSignin:
    "Sluice could not reach your identity provider to start single sign-on. Try again; if it keeps failing, ask an owner to check Settings → Single sign-on.",
  OAuthCallback: FLOW_FAILED,
  Callback: FLOW_FAILED,
  OAuthCreateAccount: FLOW_FAILED,
  AccessDenied: "You are not allowed to sign in to this Sluice.",
  Configuration: "Sign-in is not set up correctly on this server. Ask an owner.",
  SessionRequired: "Sign in to continue.",
};

/** The message for an ?error= value, or null for none. Unknown codes get a general sentence,
 * never the code itself (it comes from the URL, which anyone can write). */
export function signInErrorMessage(code: string | string[] | undefined): string | null {
  if (typeof code !== "string" || code === "") return null;
  if (code.startsWith("sso_")) {
    const reason = code.slice(4);
    if (Object.prototype.hasOwnProperty.call(SSO_REFUSAL_MESSAGES, reason))
      return SSO_REFUSAL_MESSAGES[reason as SsoRefusal];
  }
  if (Object.prototype.hasOwnProperty.call(NEXT_AUTH_MESSAGES, code)) return NEXT_AUTH_MESSAGES[code]!;
  return "Sign-in did not complete. Try again.";
}
