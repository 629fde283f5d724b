import type { RoleName } from "../auth/roles";

// Who may sign in by single sign-on, decided from the identity provider's claims, the settings
// and the matching user (if any). Pure, so every branch is unit-tested.

/** The claims Sluice reads from the ID token (or userinfo). */
export interface SsoClaims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
}

export type SsoRefusal = "no_email" | "unverified_email" | "domain_not_allowed" | "disabled";

export type SsoDecision =
  | { kind: "existing"; userId: string }
  | { kind: "create"; email: string; name: string; role: RoleName }
  | { kind: "refuse"; reason: SsoRefusal; email: string | null };

/** The messages the sign-in page shows, by the code in its ?error= parameter. */
export const SSO_REFUSAL_MESSAGES: Record<SsoRefusal, string> = {
  no_email:
    "Your identity provider did not tell Sluice your e-mail address. Ask your administrator to release the email claim to Sluice.",
  unverified_email:
    "Your identity provider has not verified your e-mail address, so Sluice cannot match it to an account.",
  domain_not_allowed:
    "Your e-mail domain is not allowed to sign in to this Sluice by SSO. Ask a Sluice owner to allow it.",
  disabled: "This account is disabled. Ask an owner to enable it.",
};

/** The e-mail in the claims, trimmed and lower-cased, or null when there is none that looks like one. */
export function emailOfClaims(claims: SsoClaims): string | null {
  if (typeof claims.email !== "string") return null;
  const email = claims.email.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

/** Whether an e-mail's domain is one of the allowed ones. Exact match: sub.example.com is not
 * example.com, since a subdomain may belong to someone else (a customer's tenant, say). */
export function isEmailDomainAllowed(email: string, allowedDomains: readonly string[]): boolean {
  const at = email.lastIndexOf("@");
  if (at < 1) return false;
  const domain = email
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, "");
  return allowedDomains.some((allowed) => allowed.toLowerCase() === domain);
}

/**
 * The decision for one sign-in. The domain is checked for everyone, existing users too: the
 * identity provider speaks for its own domains only, so it must not be trusted to vouch for an
 * address elsewhere (an owner's gmail.com account, say). An existing user is matched by e-mail and
 * let in unless disabled; a new one is created with the configured role. `email_verified` is
 * required when the provider sends it: a provider that lets people type any address would
 * otherwise let them take over that address's account.
 */
export function decideSsoSignIn(
  claims: SsoClaims,
  settings: { allowedDomains: readonly string[]; newUserRole: RoleName },
  existing: { id: string; disabled: boolean } | null,
): SsoDecision {
  const email = emailOfClaims(claims);
  if (!email) return { kind: "refuse", reason: "no_email", email: null };
  if (claims.email_verified !== undefined && claims.email_verified !== true && claims.email_verified !== "true") {
    return { kind: "refuse", reason: "unverified_email", email };
  }
  if (!isEmailDomainAllowed(email, settings.allowedDomains))
    return { kind: "refuse", reason: "domain_not_allowed", email };
  if (existing)
    return existing.disabled
      ? { kind: "refuse", reason: "disabled", email }
      : { kind: "existing", userId: existing.id };
  const name =
    typeof claims.name === "string" && claims.name.trim()
      ? claims.name.trim().slice(0, 100)
      : email.slice(0, email.indexOf("@"));
  return { kind: "create", email, name, role: settings.newUserRole };
}
