-- Alert webhook URLs are secrets (a chat webhook's URL is its credential): they are now sealed
-- like X tokens, and pages show only a hint. SQL cannot seal, so the plain-text column stays for
-- now: each worker seals what is left in it when it starts, and clears it
-- (lib/destinations/seal-legacy-webhooks.ts).
ALTER TABLE "Destination"
ADD COLUMN     "alertWebhookHint" TEXT,
ADD COLUMN     "alertWebhookSealed" TEXT;

-- A delivery keeps the hint of the URL it called, never the URL: origin, "/…" and the last four
-- characters, the form lib/destinations/alert-webhook.ts writes. A value that is no URL at all
-- keeps nothing of it.
ALTER TABLE "WebhookDelivery" RENAME COLUMN "url" TO "target";
UPDATE "WebhookDelivery"
SET "target" = CASE
  WHEN btrim("target") ~ '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#@]*@?[^/?#@]+'
    THEN lower(regexp_replace(btrim("target"), '^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#@]*@)?([^/?#]*).*$', '\1\3')) || '/…' || right(btrim("target"), 4)
  ELSE 'the alert webhook'
END;
