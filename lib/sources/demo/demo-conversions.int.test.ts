import pg from "pg";
import { afterAll, expect, test } from "vitest";
import { sourceDatabase, testSourceGuard } from "@/lib/testing/source-database";
import { DEMO_CONVERSIONS_QUERY, DEMO_CONVERSIONS_TABLE, seedDemoConversions } from "./demo-conversions";
import { createPostgresQuerySource } from "../postgres/postgres-query-source";

// Seeded in the run's source database (never Sluice's own, which a source may not read), and
// read as its read-only user.
const { adminUrl: url, readerUrl } = sourceDatabase();

async function query<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await query(`DROP TABLE IF EXISTS ${DEMO_CONVERSIONS_TABLE}`);
});

test("seeding creates the demo table, and seeding again replaces it rather than adding to it", async () => {
  const endAt = new Date("2026-11-01T12:00:00Z");
  expect(await seedDemoConversions(url, { rows: 700, endAt })).toEqual({ table: "demo_conversions", rows: 700 });
  expect(await seedDemoConversions(url, { rows: 300, endAt })).toEqual({ table: "demo_conversions", rows: 300 });
  const [counts] = await query<{ n: number; missing_time: number; hashed: number; twclids: number }>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE ordered_at IS NULL)::int AS missing_time,
            count(*) FILTER (WHERE email ~ '^[0-9a-f]{64}$')::int AS hashed, count(twclid)::int AS twclids
     FROM ${DEMO_CONVERSIONS_TABLE}`,
  );
  expect(counts).toMatchObject({ n: 300, missing_time: 6 });
  expect(counts?.hashed).toBeGreaterThan(0);
  expect(counts?.twclids).toBeGreaterThan(0);
});

test("the demo source reads the seeded table with typed columns", async () => {
  await seedDemoConversions(url, { rows: 120, endAt: new Date("2026-11-01T12:00:00Z") });
  const source = createPostgresQuerySource({
    connectionString: readerUrl,
    query: DEMO_CONVERSIONS_QUERY,
    guard: await testSourceGuard(),
  });
  const sample = await source.sample(3);
  expect(sample.columns).toEqual([
    { name: "order_id", type: "text" },
    { name: "email", type: "text" },
    { name: "phone", type: "text" },
    { name: "country", type: "text" },
    { name: "twclid", type: "text" },
    { name: "ip_address", type: "text" },
    { name: "user_agent", type: "text" },
    { name: "value", type: "number" },
    { name: "currency", type: "text" },
    { name: "ordered_at", type: "timestamp" },
  ]);
  expect(sample.rows[0]?.values["order_id"]).toBe("ORD-100001");
  expect(typeof sample.rows[0]?.values["value"]).toBe("number");
  let rows = 0;
  for await (const chunk of source.stream({ chunkSize: 50 })) rows += chunk.rows.length;
  expect(rows).toBe(120);
});
