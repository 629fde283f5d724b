-- CreateTable
CREATE TABLE "SyncProblemGroup" (
    "runId" TEXT NOT NULL,
    "kind" "SyncProblemKind" NOT NULL,
    "code" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "example" TEXT NOT NULL,

    CONSTRAINT "SyncProblemGroup_pkey" PRIMARY KEY ("runId","kind","code")
);

-- CreateIndex
CREATE INDEX "SyncProblemGroup_runId_count_idx" ON "SyncProblemGroup"("runId", "count");

-- AddForeignKey
ALTER TABLE "SyncProblemGroup" ADD CONSTRAINT "SyncProblemGroup_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SyncRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Runs from before this migration: their groups, counted once from their problem rows.
INSERT INTO "SyncProblemGroup" ("runId", "kind", "code", "count", "example")
SELECT "runId", "kind", "code", count(*)::int, min("message") FROM "SyncProblem" GROUP BY "runId", "kind", "code";
