import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { hashApiTokenSecret } from "./api-token-secret";
import { createApiToken, listApiTokens, revokeApiToken } from "./manage-api-tokens";

const url = inject("databaseUrl");
let db: Db;
let owner: { id: string; email: string };

beforeAll(async () => {
  db = createDb(url, { max: 2 });
  owner = await db.user.create({
    data: {
      email: `tokens-${randomBytes(3).toString("hex")}@example.com`,
      name: "Owner",
      passwordHash: "x",
      role: "OWNER",
    },
    select: { id: true, email: true },
  });
});
afterAll(async () => {
  await db.$disconnect();
});

describe("API token store", () => {
  test("keeps only the secret's SHA-256 and a hint, audits creation and revocation without either, and revokes once", async () => {
    const { token, secret } = await createApiToken(db, owner, { name: "Airflow", scope: "RUN", expiresInDays: 30 });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toBe(hashApiTokenSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret.slice(10));
    expect(row.expiresAt!.getTime() - row.createdAt.getTime()).toBeGreaterThan(30 * 86_400_000 - 5_000);
    expect(token).toMatchObject({
      name: "Airflow",
      scope: "RUN",
      state: "active",
      createdByEmail: owner.email,
      lastUsedAt: null,
    });

    await revokeApiToken(db, owner, token.id);
    await revokeApiToken(db, owner, token.id);
    const events = await db.auditEvent.findMany({ where: { targetId: token.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => event.action)).toEqual(["api_token.created", "api_token.revoked"]);
    const logged = JSON.stringify(events);
    expect(logged).not.toContain(secret.slice(10));
    expect(logged).not.toContain(row.tokenHash);
    await expect(revokeApiToken(db, owner, "no-such-token")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("lists tokens as active, expired or revoked, newest first", async () => {
    const past = new Date(Date.now() - 100 * 86_400_000);
    const expired = await createApiToken(db, owner, { name: "Old", scope: "READ", expiresInDays: 30 }, past);
    const never = await createApiToken(db, owner, { name: "Forever", scope: "ADMIN", expiresInDays: null });
    const listed = await listApiTokens(db);
    expect(listed.find((token) => token.id === expired.token.id)?.state).toBe("expired");
    expect(listed.find((token) => token.id === never.token.id)).toMatchObject({ state: "active", expiresAt: null });
    expect(listed.findIndex((token) => token.id === never.token.id)).toBeLessThan(
      listed.findIndex((token) => token.id === expired.token.id),
    );
  });

  test("refuses a 51st active token", async () => {
    const active = await db.apiToken.count({
      where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    });
    const made: string[] = [];
    try {
      for (let i = active; i < 50; i++)
        made.push(
          (await createApiToken(db, owner, { name: `Bulk ${i}`, scope: "READ", expiresInDays: null })).token.id,
        );
      await expect(
        createApiToken(db, owner, { name: "One too many", scope: "READ", expiresInDays: null }),
      ).rejects.toMatchObject({ code: "CONFLICT" });
    } finally {
      // The database is shared with the other integration tests, which make tokens of their own.
      await db.apiToken.updateMany({ where: { id: { in: made } }, data: { revokedAt: new Date() } });
    }
  });
});
