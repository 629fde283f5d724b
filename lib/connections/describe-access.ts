/**
 * A person's role on an ad account, as X names it (authenticated_user_access), in words, and
 * whether it allows sending conversions with OAuth: only ACCOUNT_ADMIN and AD_MANAGER do
 * (x-ads-api.md §3.1, §4.2).
 */
const ROLE_LABELS: Record<string, string> = {
  ACCOUNT_ADMIN: "Account admin",
  AD_MANAGER: "Ad manager",
  CREATIVE_MANAGER: "Creative manager",
  CAMPAIGN_ANALYST: "Campaign analyst",
  ANALYST: "Analyst",
  PARTNER_AUDIENCE_MANAGER: "Partner audience manager",
};
// Strongest first: the label shows the highest role held.
const ROLE_ORDER = [
  "ACCOUNT_ADMIN",
  "AD_MANAGER",
  "CREATIVE_MANAGER",
  "CAMPAIGN_ANALYST",
  "ANALYST",
  "PARTNER_AUDIENCE_MANAGER",
];

export interface AccessDescription {
  level: string;
  canSendConversions: boolean;
  /** Why the account cannot be chosen; null when it can. */
  reason: string | null;
}

export function describeAccess(permissions: readonly string[]): AccessDescription {
  const held = ROLE_ORDER.find((role) => permissions.includes(role));
  const level = held ? (ROLE_LABELS[held] ?? held) : "No role";
  const canSendConversions = permissions.includes("ACCOUNT_ADMIN") || permissions.includes("AD_MANAGER");
  return {
    level,
    canSendConversions,
    reason: canSendConversions
      ? null
      : `Your role here is ${level}. Sending conversions needs Ad manager or Account admin; ask an account admin to raise it in X Ads Manager.`,
  };
}
