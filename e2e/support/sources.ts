import { createHash, randomUUID } from "node:crypto";
import { DEMO_CONVERSIONS_QUERY } from "../../lib/sources/demo/demo-conversions";
import { redactConnectionString } from "../../lib/sources/postgres/redact-connection-string";
import { insertDestination, insertSource } from "../../lib/testing/seed-records";
import { serverSecretBox, withDb } from "./db";

// Seeding helpers for source journeys (and any journey that needs a source). Connection strings
// are sealed with the key the server generated in its data folder, exactly as the app seals them.

/** The URL of the database sources read (the demo database, see withSourceDb), with a password
 * added if given: the embedded server ignores it, and it lets a test prove that a password never
 * reaches a page. */
export function e2eSourceUrl(password?: string): string {
  const url = new URL(process.env.SLUICE_E2E_SOURCE_URL!);
  if (password) url.password = password;
  return url.toString();
}

export interface SeededSource {
  id: string;
  name: string;
}

/** A PostgreSQL source (by default: the demo orders query on the demo database). */
export async function seedPostgresSource(
  options: {
    name?: string;
    query?: string;
    connectionString?: string;
    columns?: { name: string; type: string }[];
  } = {},
): Promise<SeededSource> {
  const id = randomUUID();
  const name = options.name ?? `Orders ${id.slice(0, 6)}`;
  const connectionString = options.connectionString ?? e2eSourceUrl();
  await withDb((client) =>
    insertSource(client, {
      id,
      name,
      kind: "POSTGRES",
      connectionStringSealed: serverSecretBox().seal(connectionString),
      connectionStringRedacted: redactConnectionString(connectionString),
      query: options.query ?? DEMO_CONVERSIONS_QUERY,
      columns: options.columns,
    }),
  );
  return { id, name };
}

/** A CSV source whose file is `csv`, stored in one chunk as an upload would store it. */
export async function seedCsvSource(options: {
  csv: string;
  name?: string;
  filename?: string;
}): Promise<SeededSource & { fileId: string }> {
  const id = randomUUID();
  const fileId = randomUUID();
  const name = options.name ?? `Export ${id.slice(0, 6)}`;
  const bytes = Buffer.from(options.csv, "utf8");
  await withDb(async (client) => {
    await client.query(
      `INSERT INTO "CsvFile" (id, filename, "sizeBytes", sha256, "chunkCount", "completedAt") VALUES ($1, $2, $3, $4, 1, now())`,
      [fileId, options.filename ?? "export.csv", bytes.length, createHash("sha256").update(bytes).digest("hex")],
    );
    await client.query(`INSERT INTO "CsvFileChunk" ("fileId", index, data) VALUES ($1, 0, $2)`, [fileId, bytes]);
    await insertSource(client, { id, name, kind: "CSV", csvFileId: fileId });
  });
  return { id, name, fileId };
}

export async function sourceRow(id: string) {
  return withDb(async (client) => (await client.query(`SELECT * FROM "Source" WHERE id = $1`, [id])).rows[0] ?? null);
}

/** A bare destination that reads from `sourceId` (enough to make the source "in use"). */
export async function seedDestinationUsing(
  sourceId: string,
  name = `Uses ${sourceId.slice(0, 6)}`,
): Promise<{ id: string; name: string }> {
  const id = randomUUID();
  await withDb((client) =>
    insertDestination(client, { id, name, connectionId: null, sourceId, active: false, mapping: null }),
  );
  return { id, name };
}

export async function deleteDestination(id: string): Promise<void> {
  await withDb((client) => client.query(`DELETE FROM "Destination" WHERE id = $1`, [id]));
}
