// Pure role rules, shared by the server checks and the UI (which only hides what the server refuses).
export const ROLES = ["OWNER", "EDITOR", "VIEWER"] as const;
export type RoleName = (typeof ROLES)[number];

const RANK: Record<RoleName, number> = { VIEWER: 0, EDITOR: 1, OWNER: 2 };

export const ROLE_LABELS: Record<RoleName, string> = { OWNER: "Owner", EDITOR: "Editor", VIEWER: "Viewer" };

export const ROLE_DESCRIPTIONS: Record<RoleName, string> = {
  OWNER: "Everything, including users and X connections.",
  EDITOR: "Sources, destinations and runs.",
  VIEWER: "Read-only.",
};

export function hasRole(role: RoleName, atLeast: RoleName): boolean {
  return RANK[role] >= RANK[atLeast];
}
