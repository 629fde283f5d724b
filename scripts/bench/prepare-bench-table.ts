import pg from "pg";
import type { MappingSpecInput } from "../../lib/conversions";

/**
 * A realistic source table of `rows` orders, generated inside PostgreSQL (fast at any size):
 * e-mails with stray spaces and capitals, US national-format phones and some international ones,
 * twclids on half the rows, values, currencies, order ids and order times.
 */
export async function prepareBenchTable(connectionString: string, table: string, rows: number): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows: existing } = await client
      .query<{ n: string }>(`SELECT (SELECT count(*) FROM ${table})::text AS n WHERE to_regclass($1) IS NOT NULL`, [
        table,
      ])
      .catch(() => ({ rows: [] as { n: string }[] }));
    if (existing[0]?.n === String(rows)) return;
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    await client.query(
      `CREATE TABLE ${table} AS
       SELECT 'ORD-' || g AS order_id,
              CASE WHEN g % 3 = 0 THEN '  Customer.' || g || '@Example.COM ' ELSE 'customer' || g || '@example.com' END AS email,
              CASE g % 4
                WHEN 0 THEN '+44 20 7946 ' || lpad((g % 1000)::text, 4, '0')
                ELSE '(415) ' || (300 + g % 600)::text || '-' || lpad((g % 10000)::text, 4, '0')
              END AS phone,
              CASE WHEN g % 2 = 0 THEN substr(md5(g::text), 1, 26) END AS twclid,
              round(((g % 50000) / 100.0)::numeric + 1, 2) AS value,
              CASE WHEN g % 5 = 0 THEN 'EUR' ELSE 'USD' END AS currency,
              (timestamptz '2026-11-01 00:00:00+00' + (g % 2000000) * interval '1 second') AS ordered_at
       FROM generate_series(1, $1::int) AS g`,
      [rows],
    );
    await client.query(`ALTER TABLE ${table} ADD PRIMARY KEY (order_id)`);
    await client.query(`ANALYZE ${table}`);
  } finally {
    await client.end();
  }
}

export const BENCH_MAPPING: MappingSpecInput = {
  version: 1,
  fields: {
    conversion_time: { kind: "column", column: "ordered_at" },
    email: { kind: "column", column: "email" },
    phone: { kind: "column", column: "phone" },
    twclid: { kind: "column", column: "twclid" },
    value: { kind: "column", column: "value" },
    price_currency: { kind: "column", column: "currency" },
    conversion_id: { kind: "column", column: "order_id" },
  },
  options: { hashing: true, defaultPhoneCountry: "US", sourceTimeZone: "UTC", rowKeyColumns: [] },
};
