import { createHash, randomBytes, randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { createSecretBox, type SecretBox } from "../../lib/crypto/secret-box";

// Tests seed their own data straight into this run's database (never through mocks).

export async function withDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.SLUICE_E2E_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Seals and opens secrets with the server's key (SLUICE_ENCRYPTION_KEY, or the one it generated in
 * its data folder), exactly as the app does. */
export function serverSecretBox(): SecretBox {
  const key =
    process.env.SLUICE_ENCRYPTION_KEY ??
    (
      JSON.parse(readFileSync(path.join(process.env.SLUICE_E2E_DATA_DIR!, "secrets.json"), "utf8")) as {
        encryptionKey: string;
      }
    ).encryptionKey;
  return createSecretBox(Buffer.from(key, "base64"));
}

/** The database the journeys' sources read: the demo database `npm start` runs (never Sluice's). */
export async function withSourceDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.SLUICE_E2E_SOURCE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface SeededUser {
  id: string;
  email: string;
  password: string;
  name: string;
  role: "OWNER" | "EDITOR" | "VIEWER";
}

export async function seedUser(role: SeededUser["role"], label = role.toLowerCase()): Promise<SeededUser> {
  const id = randomUUID();
  const email = `${label}-${id.slice(0, 8)}@example.com`;
  const password = `pw-${id}`;
  const name = `${label[0]!.toUpperCase()}${label.slice(1)} ${id.slice(0, 4)}`;
  const hash = await bcrypt.hash(password, 4);
  await withDb((client) =>
    client.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`,
      [id, email, name, hash, role],
    ),
  );
  return { id, email, password, name, role };
}

export async function findUserByEmail(email: string) {
  return withDb(async (client) => {
    const { rows } = await client.query<{ id: string; role: string; disabledAt: Date | null }>(
      `SELECT id, role, "disabledAt" FROM "User" WHERE email = $1`,
      [email],
    );
    return rows[0] ?? null;
  });
}

export async function auditActions(actorEmail: string): Promise<string[]> {
  return withDb(async (client) => {
    const { rows } = await client.query<{ action: string }>(
      `SELECT action FROM "AuditEvent" WHERE "actorEmail" = $1 ORDER BY "createdAt"`,
      [actorEmail],
    );
    return rows.map((row) => row.action);
  });
}

/** An API token as Settings → API tokens makes one (only its SHA-256 stored); returns the secret. */
export async function seedApiToken(
  createdById: string,
  scope: "READ" | "RUN" | "ADMIN",
  options: { expiresAt?: Date; revoked?: boolean } = {},
): Promise<string> {
  const secret = `slc_${randomBytes(32).toString("base64url")}`;
  const hash = createHash("sha256").update(secret).digest("hex");
  await withDb((client) =>
    client.query(
      `INSERT INTO "ApiToken" (id, name, scope, "tokenHash", hint, "createdById", "expiresAt", "revokedAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        randomUUID(),
        `Seeded ${scope.toLowerCase()}`,
        scope,
        hash,
        `${secret.slice(0, 10)}…`,
        createdById,
        options.expiresAt ?? null,
        options.revoked ? new Date() : null,
      ],
    ),
  );
  return secret;
}
