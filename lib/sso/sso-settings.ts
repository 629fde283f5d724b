import type { Db } from "../db/client";
import type { Prisma, SsoSettings } from "../generated/prisma/client";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import type { RoleName } from "../auth/roles";
import { openOrNull, type SecretBox } from "../crypto/secret-box";
import { AppError } from "../errors";
import type { IssuerMetadata } from "./issuer-discovery";
import type { SsoSettingsInput } from "./sso-settings-schema";

// The single sign-on settings: one row, edited by owners at run time, read on every request to
// next-auth (so the provider list follows them without a restart).

const ID = "sso";
/** Serializes changes to the settings (two owners saving at once, or the CLI). */
const SSO_LOCK = 0x5350_5353;

const DEFAULTS: Omit<SsoSettings, "updatedAt"> = {
  id: ID,
  enabled: false,
  issuerUrl: "",
  clientId: "",
  clientSecretSealed: null,
  allowedDomains: [],
  newUserRole: "VIEWER",
  passwordSignInEnabled: true,
  ownerSsoSignInAt: null,
};

export async function readSsoSettings(db: Pick<Db, "ssoSettings">): Promise<Omit<SsoSettings, "updatedAt">> {
  return (await db.ssoSettings.findUnique({ where: { id: ID } })) ?? DEFAULTS;
}

/** What the settings page shows: everything but the secret, of which only whether one is stored. */
export interface SsoSettingsView {
  enabled: boolean;
  issuerUrl: string;
  clientId: string;
  hasClientSecret: boolean;
  allowedDomains: string[];
  newUserRole: RoleName;
  passwordSignInEnabled: boolean;
  ownerSsoSignInAt: string | null;
}

export async function getSsoSettingsView(db: Pick<Db, "ssoSettings">): Promise<SsoSettingsView> {
  const row = await readSsoSettings(db);
  return {
    enabled: row.enabled,
    issuerUrl: row.issuerUrl,
    clientId: row.clientId,
    hasClientSecret: row.clientSecretSealed !== null,
    allowedDomains: row.allowedDomains,
    newUserRole: row.newUserRole,
    passwordSignInEnabled: row.passwordSignInEnabled,
    ownerSsoSignInAt: row.ownerSsoSignInAt?.toISOString() ?? null,
  };
}

/** What the sign-in page and next-auth need on each request. The secret is opened here, server-side. */
export interface SsoSignInConfig {
  /** Null when SSO is off, or its secret does not open with this server's key. */
  provider: { issuerUrl: string; clientId: string; clientSecret: string; metadata?: IssuerMetadata } | null;
  passwordSignInEnabled: boolean;
}

export async function loadSsoSignInConfig(db: Pick<Db, "ssoSettings">, box: SecretBox): Promise<SsoSignInConfig> {
  const row = await readSsoSettings(db);
  const clientSecret = row.enabled && row.clientSecretSealed ? openOrNull(box, row.clientSecretSealed) : null;
  return {
    provider:
      row.enabled && row.issuerUrl && row.clientId && clientSecret !== null
        ? { issuerUrl: row.issuerUrl, clientId: row.clientId, clientSecret }
        : null,
    // Password sign-in is only off while SSO can be used: if SSO broke (its secret no longer opens),
    // nobody would be able to sign in at all.
    passwordSignInEnabled: row.passwordSignInEnabled || !(row.enabled && clientSecret !== null),
  };
}

async function lockedRow(tx: Prisma.TransactionClient) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SSO_LOCK})`;
  return (await tx.ssoSettings.findUnique({ where: { id: ID } })) ?? DEFAULTS;
}

/**
 * Saves the form. A blank secret keeps the stored one. Refused with a field error: turning SSO on
 * with no secret at all, and turning it off while password sign-in is off (nobody could sign in).
 * The audit event names the fields that changed, never the secret's value.
 */
export async function saveSsoSettings(
  db: Db,
  box: SecretBox,
  actor: AuditActor,
  input: SsoSettingsInput,
): Promise<SsoSettingsView> {
  await db.$transaction(async (tx) => {
    const current = await lockedRow(tx);
    if (input.enabled && !input.clientSecret && !current.clientSecretSealed) {
      throw new AppError("VALIDATION", "Check the highlighted field.", {
        clientSecret: ["Enter the client secret your identity provider gave Sluice."],
      });
    }
    if (!input.enabled && !current.passwordSignInEnabled) {
      throw new AppError("VALIDATION", "Check the highlighted field.", {
        enabled: ["Password sign-in is off: turn it back on before turning SSO off, or nobody could sign in."],
      });
    }
    const data = {
      enabled: input.enabled,
      issuerUrl: input.issuerUrl,
      clientId: input.clientId,
      allowedDomains: input.allowedDomains,
      newUserRole: input.newUserRole,
      ...(input.clientSecret ? { clientSecretSealed: box.seal(input.clientSecret) } : {}),
    };
    const changed = (["enabled", "issuerUrl", "clientId", "allowedDomains", "newUserRole"] as const).filter(
      (key) => JSON.stringify(current[key]) !== JSON.stringify(data[key]),
    );
    const secretChanged =
      input.clientSecret !== undefined &&
      (current.clientSecretSealed === null || openOrNull(box, current.clientSecretSealed) !== input.clientSecret);
    if (changed.length === 0 && !secretChanged) return;
    await tx.ssoSettings.upsert({ where: { id: ID }, create: { id: ID, ...data }, update: data });
    await recordAuditEvent(
      tx,
      actor,
      "sso.settings_changed",
      { type: "sso", id: ID },
      {
        changed: secretChanged ? [...changed, "clientSecret"] : changed,
        enabled: input.enabled,
        issuerUrl: input.issuerUrl,
        allowedDomains: input.allowedDomains,
        newUserRole: input.newUserRole,
      },
    );
  });
  return getSsoSettingsView(db);
}

export const PASSWORD_OFF_NEEDS_SSO_MESSAGE =
  "Password sign-in can only be turned off once SSO is on and an owner has signed in by SSO at least once.";

/**
 * Turns password sign-in on or off. Off only while SSO is on and after an owner has signed in by
 * SSO (so SSO is known to work for someone who can fix it). `actor` is null for the CLI, which
 * is the recovery path and needs database access rather than a session.
 */
export async function setPasswordSignIn(
  db: Db,
  actor: AuditActor | null,
  enabled: boolean,
  via: "settings" | "cli" = "settings",
): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await lockedRow(tx);
    if (!enabled && (!current.enabled || !current.clientSecretSealed || !current.ownerSsoSignInAt)) {
      throw new AppError("CONFLICT", PASSWORD_OFF_NEEDS_SSO_MESSAGE);
    }
    if (current.passwordSignInEnabled === enabled) return;
    await tx.ssoSettings.upsert({
      where: { id: ID },
      create: { id: ID, passwordSignInEnabled: enabled },
      update: { passwordSignInEnabled: enabled },
    });
    await recordAuditEvent(
      tx,
      actor,
      enabled ? "auth.password_sign_in_on" : "auth.password_sign_in_off",
      { type: "sso", id: ID },
      { via },
    );
  });
}

/** Records that an owner signed in by SSO (what turning password sign-in off waits for). */
export async function recordOwnerSsoSignIn(
  db: Pick<Db, "ssoSettings"> | Prisma.TransactionClient,
  at: Date,
): Promise<void> {
  await db.ssoSettings.updateMany({ where: { id: ID }, data: { ownerSsoSignInAt: at } });
}
