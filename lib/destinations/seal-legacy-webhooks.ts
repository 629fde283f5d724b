import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { alertWebhookHint, UNPARSABLE_WEBHOOK_HINT } from "./alert-webhook";

/**
 * Until 2026-12 an alert webhook's URL was stored in plain text (`Destination.alertWebhookUrl`),
 * set by writing to the database directly. A worker seals what is left there when it starts, so
 * an upgrade keeps every alert working, and clears the plain text. Safe with several workers: a
 * row is only changed while it still holds the URL that was read.
 */
export async function sealLegacyWebhooks(db: Db, box: SecretBox): Promise<number> {
  const rows = await db.destination.findMany({
    where: { alertWebhookUrl: { not: null } },
    select: { id: true, alertWebhookUrl: true },
  });
  let sealed = 0;
  for (const row of rows) {
    const url = row.alertWebhookUrl!.trim();
    const { count } = await db.destination.updateMany({
      where: { id: row.id, alertWebhookUrl: row.alertWebhookUrl },
      // An empty value was no webhook; anything else is sealed as it was, and checked when called.
      data: url
        ? { alertWebhookSealed: box.seal(url), alertWebhookHint: hintOf(url), alertWebhookUrl: null }
        : { alertWebhookUrl: null },
    });
    if (url) sealed += count;
  }
  return sealed;
}

function hintOf(url: string): string {
  try {
    return alertWebhookHint(url);
  } catch {
    return UNPARSABLE_WEBHOOK_HINT;
  }
}
