-- AlterTable
ALTER TABLE "Destination" ADD COLUMN     "alertEmails" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "channel" TEXT NOT NULL DEFAULT 'webhook';
