import type { AuditActor } from "@/lib/audit/record-audit-event";
import { describeAccess } from "@/lib/connections/describe-access";
import { openXConnection } from "@/lib/connections/open-x-connection";
import { readAccountAccess, readAdAccounts, readEventTags } from "@/lib/connections/x-reads";
import { AppError } from "@/lib/errors";
import { parseEventIdInput } from "./event-id";
import { loadDestinationForStep, saveStep, type WizardDeps } from "./load-destination-for-step";

const fieldError = (field: string, message: string) => new AppError("VALIDATION", message, { [field]: [message] });

/** Step "connection": which X connection sends. Another connection means another X user, so the
 * account, pixel and event chosen with the old one are cleared and chosen again. */
export async function saveConnectionStep(
  deps: WizardDeps,
  actor: AuditActor,
  input: { destinationId: string; connectionId: string },
): Promise<void> {
  const row = await loadDestinationForStep(deps.db, input.destinationId, "connection");
  const connection = await deps.db.xConnection.findUnique({
    where: { id: input.connectionId },
    select: { id: true, kind: true, revokedAt: true, pixelId: true, label: true },
  });
  if (!connection) throw fieldError("connectionId", "That X connection no longer exists.");
  if (connection.revokedAt)
    throw fieldError("connectionId", `${connection.label} was disconnected. Choose another, or connect X again.`);
  const changed = row.connectionId !== connection.id;
  const data =
    connection.kind === "PIXEL_TOKEN"
      ? {
          connectionId: connection.id,
          adAccountId: null,
          adAccountName: null,
          pixelId: connection.pixelId,
          ...(row.pixelId === connection.pixelId ? {} : { eventId: null }),
        }
      : {
          connectionId: connection.id,
          ...(changed ? { adAccountId: null, adAccountName: null, pixelId: null, eventId: null } : {}),
        };
  await saveStep(deps.db, actor, row, "connection", data, { connection: connection.label });
}

/** Step "account": must be one the connected user can reach, with AD_MANAGER or ACCOUNT_ADMIN. */
export async function saveAccountStep(
  deps: WizardDeps,
  actor: AuditActor,
  input: { destinationId: string; adAccountId: string },
): Promise<void> {
  const row = await loadDestinationForStep(deps.db, input.destinationId, "account");
  const opened = await openXConnection(deps.db, deps.box, deps.app, row.connectionId!);
  if (opened.kind !== "OAUTH")
    throw new AppError(
      "CONFLICT",
      "A pixel access token has no ad accounts to choose from; continue to the pixel and event.",
    );
  const accounts = await readAdAccounts(opened.id, opened.client);
  if (!accounts.ok) throw new AppError("VALIDATION", accounts.message);
  const account = accounts.value.find((candidate) => candidate.id === input.adAccountId);
  if (!account)
    throw fieldError("adAccountId", `Ad account ${input.adAccountId} is not one ${opened.label} can access.`);
  const access = await readAccountAccess(opened.id, opened.client, account.id);
  if (!access.ok) throw fieldError("adAccountId", access.message);
  const described = describeAccess(access.value.permissions);
  if (!described.canSendConversions)
    throw fieldError("adAccountId", described.reason ?? "Your role on this account cannot send conversions.");
  const changed = row.adAccountId !== account.id;
  await saveStep(
    deps.db,
    actor,
    row,
    "account",
    { adAccountId: account.id, adAccountName: account.name, ...(changed ? { pixelId: null, eventId: null } : {}) },
    {
      adAccountId: account.id,
    },
  );
}

/**
 * Step "event": the Pixel ID and Event ID, picked or typed, checked against the account's event
 * tags (an event must be a live tag of that pixel). A pixel access token can only be checked for
 * its pixel: the test event in the preview is the check for the event.
 */
export async function saveEventStep(
  deps: WizardDeps,
  actor: AuditActor,
  input: { destinationId: string; pixelId: string; eventId: string },
): Promise<void> {
  const row = await loadDestinationForStep(deps.db, input.destinationId, "event");
  const parsed = parseEventIdInput(input.eventId);
  if (!parsed.ok) throw fieldError("eventId", parsed.message);
  const opened = await openXConnection(deps.db, deps.box, deps.app, row.connectionId!);
  if (opened.kind === "PIXEL_TOKEN") {
    if (opened.pixelId !== input.pixelId)
      throw fieldError(
        "pixelId",
        `The pixel access token of ${opened.label} is for pixel ${opened.pixelId}, not ${input.pixelId}.`,
      );
  } else {
    if (!row.adAccountId) throw new AppError("CONFLICT", "Choose the ad account first.");
    const tags = await readEventTags(opened.id, opened.client, row.adAccountId);
    if (!tags.ok) throw new AppError("VALIDATION", tags.message);
    const live = tags.value.filter((tag) => !tag.deleted);
    const account = row.adAccountName ?? row.adAccountId;
    if (!live.some((tag) => tag.pixelId === input.pixelId))
      throw fieldError(
        "pixelId",
        `Pixel ${input.pixelId} has no events in ${account}. Check the ID in Events Manager.`,
      );
    const tag = live.find((candidate) => candidate.id === parsed.bare);
    if (!tag) throw fieldError("eventId", `Event ${parsed.bare} is not an event of ${account} (or it was deleted).`);
    if (tag.pixelId !== input.pixelId)
      throw fieldError("eventId", `Event ${parsed.bare} belongs to pixel ${tag.pixelId}, not ${input.pixelId}.`);
  }
  await saveStep(
    deps.db,
    actor,
    row,
    "event",
    { pixelId: input.pixelId, eventId: parsed.bare },
    { pixelId: input.pixelId, eventId: parsed.bare },
  );
}
