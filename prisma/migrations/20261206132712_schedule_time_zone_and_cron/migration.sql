-- AlterEnum
ALTER TYPE "ScheduleKind" ADD VALUE 'CRON';

-- AlterTable
ALTER TABLE "Destination" ADD COLUMN     "scheduleCron" TEXT,
ADD COLUMN     "scheduleTimeZone" TEXT;
