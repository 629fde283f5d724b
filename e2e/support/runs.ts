import { randomUUID } from "node:crypto";
import { insertSource } from "../../lib/testing/seed-records";
import { serverSecretBox, withDb, withSourceDb } from "./db";

// Seeding for the runs journey: a customer table big enough for a sync to take a few seconds,
// with invalid rows (no order time) and order ids a spreadsheet would take for formulas.

export const RUN_MAPPING = {
  version: 1,
  fields: {
    conversion_time: { kind: "column", column: "ordered_at" },
    email: { kind: "column", column: "email" },
    value: { kind: "column", column: "value" },
    price_currency: { kind: "column", column: "currency" },
    conversion_id: { kind: "column", column: "order_id" },
  },
  eventId: { kind: "destination" },
  contents: { kind: "none" },
  options: { hashing: true, defaultPhoneCountry: null, sourceTimeZone: "UTC", rowKeyColumns: [] },
};

/** Every 50th row (and every 1,000th, whose order id starts with "=") has no order time. */
export const invalidRowsOf = (rows: number) =>
  Array.from({ length: rows }, (_, i) => i + 1).filter((g) => g % 50 === 7 || g % 1000 === 0).length;

export async function seedOrdersSource(rows: number): Promise<{ sourceId: string; table: string }> {
  const table = `e2e_run_orders_${randomUUID().slice(0, 8)}`;
  const url = process.env.SLUICE_E2E_SOURCE_URL!;
  const sourceId = randomUUID();
  await withSourceDb((client) =>
    client.query(`
      CREATE TABLE ${table} AS
      SELECT CASE WHEN g % 1000 = 0 THEN '=' || g || '+1' ELSE 'E2E-' || lpad(g::text, 6, '0') END AS order_id,
             'Buyer.' || g || '@Example.com ' AS email,
             CASE WHEN g % 50 = 7 OR g % 1000 = 0 THEN NULL ELSE timestamptz '2026-11-20T10:00:00Z' - make_interval(secs => g) END AS ordered_at,
             (g % 200) + 0.99 AS value,
             'USD' AS currency
      FROM generate_series(1, ${Number(rows)}) AS g`),
  );
  const columns = [
    ["order_id", "text"],
    ["email", "text"],
    ["ordered_at", "timestamp"],
    ["value", "number"],
    ["currency", "text"],
  ].map(([name, type]) => ({ name: name!, type: type! }));
  await withDb((client) =>
    insertSource(client, {
      id: sourceId,
      name: `Orders ${table.slice(-8)}`,
      kind: "POSTGRES",
      connectionStringSealed: serverSecretBox().seal(url),
      connectionStringRedacted: "postgresql://postgres@127.0.0.1/…",
      query: `SELECT * FROM ${table} ORDER BY order_id`,
      columns,
    }),
  );
  return { sourceId, table };
}

export async function runsOf(destinationId: string) {
  return withDb(
    async (client) =>
      (await client.query(`SELECT * FROM "SyncRun" WHERE "destinationId" = $1 ORDER BY "createdAt"`, [destinationId]))
        .rows,
  );
}
