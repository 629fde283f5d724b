-- CreateTable
CREATE TABLE "PacingHold" (
    "pacingKey" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "heldUntil" TIMESTAMP(3) NOT NULL,
    "remaining" INTEGER,
    "limit" INTEGER,
    "resetAt" TIMESTAMP(3),

    CONSTRAINT "PacingHold_pkey" PRIMARY KEY ("pacingKey")
);
