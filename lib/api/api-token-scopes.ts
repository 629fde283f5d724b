import type { RoleName } from "@/lib/auth/roles";

// Scopes nest: read ⊂ run ⊂ admin. Each needs its creator to still hold a role that could do the
// same in the app, so a token never does more than its owner could (a demoted owner's admin
// token stops at what their new role allows).
export const API_TOKEN_SCOPES = ["READ", "RUN", "ADMIN"] as const;
export type ApiTokenScopeName = (typeof API_TOKEN_SCOPES)[number];

const RANK: Record<ApiTokenScopeName, number> = { READ: 0, RUN: 1, ADMIN: 2 };

/** The app role an action of this scope needs: reading is a viewer's, starting runs an editor's,
 * export and import (whole configurations) an owner's. */
export const ROLE_FOR_SCOPE: Record<ApiTokenScopeName, RoleName> = { READ: "VIEWER", RUN: "EDITOR", ADMIN: "OWNER" };

export const SCOPE_LABELS: Record<ApiTokenScopeName, string> = { READ: "Read", RUN: "Run", ADMIN: "Admin" };

export const SCOPE_DESCRIPTIONS: Record<ApiTokenScopeName, string> = {
  READ: "read runs, their counts and problem rows",
  RUN: "read, and start syncs",
  ADMIN: "read, start syncs, and export or import destinations",
};

export function scopeCovers(scope: ApiTokenScopeName, needed: ApiTokenScopeName): boolean {
  return RANK[scope] >= RANK[needed];
}
