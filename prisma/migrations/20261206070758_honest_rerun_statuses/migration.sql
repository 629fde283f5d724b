-- AlterEnum
ALTER TYPE "SyncRunStatus" ADD VALUE 'UP_TO_DATE';

-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "readWholeSource" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "rowsStillInvalid" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "SyncStillInvalidGroup" (
    "runId" TEXT NOT NULL,
    "sinceRunId" TEXT NOT NULL,
    "kind" "SyncProblemKind" NOT NULL,
    "code" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "SyncStillInvalidGroup_pkey" PRIMARY KEY ("runId","sinceRunId","kind","code")
);

-- CreateIndex
CREATE INDEX "SyncProblem_runId_rowKey_idx" ON "SyncProblem"("runId", "rowKey");

-- AddForeignKey
ALTER TABLE "SyncStillInvalidGroup" ADD CONSTRAINT "SyncStillInvalidGroup_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SyncRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Runs that finished before this migration and read their whole source: the ones that ended with
-- a status from their counts (not stopped by an error, a cancel or a dead worker). Without this the
-- first run after the upgrade would list every invalid row as new once more.
UPDATE "SyncRun" SET "readWholeSource" = true
WHERE status IN ('SUCCEEDED', 'PARTIAL') OR (status = 'FAILED' AND error LIKE 'None of the % rows could be sent%');
