-- AlterTable
ALTER TABLE "Destination" ADD COLUMN     "incrementalColumn" TEXT,
ADD COLUMN     "incrementalColumnType" TEXT,
ADD COLUMN     "incrementalLookback" INTEGER NOT NULL DEFAULT 7200,
ADD COLUMN     "watermark" TEXT,
ADD COLUMN     "watermarkAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "fullResync" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "readColumn" TEXT,
ADD COLUMN     "readFrom" TEXT,
ADD COLUMN     "watermarkAfter" TEXT;
