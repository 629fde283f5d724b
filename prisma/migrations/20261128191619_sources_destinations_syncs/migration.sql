-- CreateEnum
CREATE TYPE "SourceKind" AS ENUM ('POSTGRES', 'CSV');

-- CreateEnum
CREATE TYPE "XConnectionKind" AS ENUM ('OAUTH', 'PIXEL_TOKEN');

-- CreateEnum
CREATE TYPE "DestinationStatus" AS ENUM ('DRAFT', 'ACTIVE', 'PAUSED');

-- CreateEnum
CREATE TYPE "ScheduleKind" AS ENUM ('MANUAL', 'INTERVAL', 'DAILY');

-- CreateEnum
CREATE TYPE "SyncRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SyncTrigger" AS ENUM ('MANUAL', 'SCHEDULE', 'CLI');

-- CreateEnum
CREATE TYPE "SyncProblemKind" AS ENUM ('SOURCE', 'INVALID', 'REJECTED', 'FAILED');

-- CreateTable
CREATE TABLE "Source" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "SourceKind" NOT NULL,
    "connectionStringSealed" TEXT,
    "connectionStringRedacted" TEXT,
    "query" TEXT,
    "statementTimeoutMs" INTEGER NOT NULL DEFAULT 30000,
    "csvFileId" TEXT,
    "columns" JSONB NOT NULL DEFAULT '[]',
    "columnsCheckedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CsvFile" (
    "id" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "completedAt" TIMESTAMP(3),
    "uploadedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CsvFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CsvFileChunk" (
    "fileId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "CsvFileChunk_pkey" PRIMARY KEY ("fileId","index")
);

-- CreateTable
CREATE TABLE "XConnection" (
    "id" TEXT NOT NULL,
    "kind" "XConnectionKind" NOT NULL,
    "xUserId" TEXT,
    "screenName" TEXT,
    "pixelId" TEXT,
    "label" TEXT NOT NULL,
    "tokenSealed" TEXT NOT NULL,
    "tokenSecretSealed" TEXT,
    "connectedById" TEXT,
    "connectedByEmail" TEXT,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "XConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthRequest" (
    "id" TEXT NOT NULL,
    "requestToken" TEXT NOT NULL,
    "requestTokenSecretSealed" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "returnTo" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "consumedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OAuthRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Destination" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "DestinationStatus" NOT NULL DEFAULT 'DRAFT',
    "wizardStep" TEXT,
    "connectionId" TEXT,
    "adAccountId" TEXT,
    "adAccountName" TEXT,
    "pixelId" TEXT,
    "eventId" TEXT,
    "sourceId" TEXT,
    "mapping" JSONB,
    "scheduleKind" "ScheduleKind" NOT NULL DEFAULT 'MANUAL',
    "scheduleIntervalMinutes" INTEGER,
    "scheduleDailyAt" TEXT,
    "nextRunAt" TIMESTAMP(3),
    "alertWebhookUrl" TEXT,
    "alertRejectedShare" DOUBLE PRECISION,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Destination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "trigger" "SyncTrigger" NOT NULL,
    "status" "SyncRunStatus" NOT NULL DEFAULT 'QUEUED',
    "triggeredById" TEXT,
    "triggeredByEmail" TEXT,
    "cancelRequestedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "rowsTotalEstimate" INTEGER,
    "rowsRead" INTEGER NOT NULL DEFAULT 0,
    "rowsAlreadySent" INTEGER NOT NULL DEFAULT 0,
    "rowsInvalid" INTEGER NOT NULL DEFAULT 0,
    "rowsRejected" INTEGER NOT NULL DEFAULT 0,
    "rowsSent" INTEGER NOT NULL DEFAULT 0,
    "rowsFailed" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "rateLimited" INTEGER NOT NULL DEFAULT 0,
    "debugIds" TEXT[],
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncProblem" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "kind" "SyncProblemKind" NOT NULL,
    "rowNumber" INTEGER,
    "rowKey" TEXT,
    "field" TEXT,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncProblem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SentConversion" (
    "destinationId" TEXT NOT NULL,
    "rowKey" TEXT NOT NULL,
    "conversionId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SentConversion_pkey" PRIMARY KEY ("destinationId","rowKey")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "statusCode" INTEGER,
    "error" TEXT,
    "durationMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Source_csvFileId_key" ON "Source"("csvFileId");

-- CreateIndex
CREATE INDEX "Source_createdAt_id_idx" ON "Source"("createdAt", "id");

-- CreateIndex
CREATE INDEX "XConnection_xUserId_idx" ON "XConnection"("xUserId");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthRequest_requestToken_key" ON "OAuthRequest"("requestToken");

-- CreateIndex
CREATE INDEX "OAuthRequest_expiresAt_idx" ON "OAuthRequest"("expiresAt");

-- CreateIndex
CREATE INDEX "Destination_status_nextRunAt_idx" ON "Destination"("status", "nextRunAt");

-- CreateIndex
CREATE INDEX "Destination_createdAt_id_idx" ON "Destination"("createdAt", "id");

-- CreateIndex
CREATE INDEX "SyncRun_destinationId_createdAt_id_idx" ON "SyncRun"("destinationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "SyncRun_createdAt_id_idx" ON "SyncRun"("createdAt", "id");

-- CreateIndex
CREATE INDEX "SyncRun_status_idx" ON "SyncRun"("status");

-- CreateIndex
CREATE INDEX "SyncProblem_runId_id_idx" ON "SyncProblem"("runId", "id");

-- CreateIndex
CREATE INDEX "SyncProblem_runId_kind_code_idx" ON "SyncProblem"("runId", "kind", "code");

-- CreateIndex
CREATE INDEX "WebhookDelivery_runId_idx" ON "WebhookDelivery"("runId");

-- AddForeignKey
ALTER TABLE "Source" ADD CONSTRAINT "Source_csvFileId_fkey" FOREIGN KEY ("csvFileId") REFERENCES "CsvFile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CsvFileChunk" ADD CONSTRAINT "CsvFileChunk_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "CsvFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Destination" ADD CONSTRAINT "Destination_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "XConnection"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Destination" ADD CONSTRAINT "Destination_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncRun" ADD CONSTRAINT "SyncRun_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncProblem" ADD CONSTRAINT "SyncProblem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SyncRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SentConversion" ADD CONSTRAINT "SentConversion_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SyncRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
