-- Alert webhook URLs are secrets (a chat webhook's URL is its credential): they are now sealed
-- like X tokens, and pages show only a hint. Nothing but direct database writes could set the old
-- plain-text column (there was no form or command), and SQL cannot seal, so it is dropped.
ALTER TABLE "Destination" DROP COLUMN "alertWebhookUrl",
ADD COLUMN     "alertWebhookHint" TEXT,
ADD COLUMN     "alertWebhookSealed" TEXT;

-- A delivery keeps the hint of the URL it called, never the URL: the same form
-- lib/destinations/alert-webhook.ts writes (origin, "/…", last four characters).
ALTER TABLE "WebhookDelivery" RENAME COLUMN "url" TO "target";
UPDATE "WebhookDelivery"
SET "target" = regexp_replace("target", '^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#@]*@)?([^/?#]*).*$', '\1\3') || '/…' || right("target", 4);
