import { defineConfig } from "prisma/config";

// The URL is read here only for Prisma's own CLI (`prisma migrate deploy` on a machine that can
// run it). `env()` would throw when DATABASE_URL is unset, which breaks `npm install`.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
