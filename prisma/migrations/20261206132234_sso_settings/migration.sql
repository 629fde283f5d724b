-- AlterTable
ALTER TABLE "User" ADD COLUMN     "createdBySso" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SsoSettings" (
    "id" TEXT NOT NULL DEFAULT 'sso',
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "issuerUrl" TEXT NOT NULL DEFAULT '',
    "clientId" TEXT NOT NULL DEFAULT '',
    "clientSecretSealed" TEXT,
    "allowedDomains" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "newUserRole" "Role" NOT NULL DEFAULT 'VIEWER',
    "passwordSignInEnabled" BOOLEAN NOT NULL DEFAULT true,
    "ownerSsoSignInAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SsoSettings_pkey" PRIMARY KEY ("id")
);
