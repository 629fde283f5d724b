-- AlterEnum
ALTER TYPE "SyncProblemKind" ADD VALUE 'DUPLICATE';

-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "rowsDuplicate" INTEGER NOT NULL DEFAULT 0;
