import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, inject, test, vi } from "vitest";
import { createSecretBox } from "../../crypto/secret-box";
import { createDb } from "../../db/client";
import { sourceDatabase } from "../../testing/source-database";
import { DEMO_SOURCE_NAME, ensureDemoSource } from "./ensure-demo-source";
import { openSourceReader } from "../open-source-reader";

const db = createDb(inject("databaseUrl"), { max: 4 });
const box = createSecretBox(randomBytes(32));
// The run's source database stands in for the demo database `npm start` runs: its user is a
// superuser, as the embedded demo database's one user is, and it is the sandbox this process
// trusts (SLUICE_DEMO_DATABASE_URL, as the start script sets it), so its source may read with it.
const demo = sourceDatabase();
const url = demo.adminUrl;

beforeAll(() => {
  vi.stubEnv("SLUICE_DEMO_DATABASE_URL", url);
});

afterAll(async () => {
  await demo.query("DROP TABLE IF EXISTS demo_conversions");
  await db.$disconnect();
  vi.unstubAllEnvs();
});

const demoSources = () => db.source.findMany({ where: { name: DEMO_SOURCE_NAME } });

test("the demo source is created once, reads the seeded table, follows a moved database, and stays deleted", async () => {
  await demo.query("DROP TABLE IF EXISTS demo_conversions");
  const first = await ensureDemoSource(db, url, { secretBox: box, rows: 400 });
  expect(first).toMatchObject({ created: true, seededRows: 400 });

  // Two start-ups at once, and a restart: still exactly one demo source, the table left as is.
  const [second, third] = await Promise.all([
    ensureDemoSource(db, url, { secretBox: box }),
    ensureDemoSource(db, url, { secretBox: box }),
  ]);
  expect(second).toEqual({ sourceId: first.sourceId, created: false, seededRows: 0 });
  expect(third).toEqual({ sourceId: first.sourceId, created: false, seededRows: 0 });
  expect(await demoSources()).toHaveLength(1);

  const reader = await openSourceReader(db, first.sourceId!, { secretBox: box });
  let rows = 0;
  for await (const chunk of reader.stream({ chunkSize: 150 })) rows += chunk.rows.length;
  expect(rows).toBe(400);
  const [source] = await demoSources();
  expect(source?.query).toBe("SELECT * FROM demo_conversions ORDER BY order_id");
  expect((source?.columns as { name: string }[]).map((column) => column.name)).toContain("twclid");

  // The embedded database may come back on another port: the saved string follows it. (Spelled
  // differently here; a source connection string may carry no parameter but sslmode or ssl.)
  const movedUrl = new URL(url);
  movedUrl.searchParams.delete("sslmode");
  movedUrl.searchParams.set("ssl", "0");
  const moved = movedUrl.toString();
  await ensureDemoSource(db, moved, { secretBox: box });
  const after = await db.source.findUniqueOrThrow({ where: { id: first.sourceId! } });
  expect(box.open(after.connectionStringSealed!)).toBe(moved);

  await db.source.delete({ where: { id: first.sourceId! } });
  expect(await ensureDemoSource(db, url, { secretBox: box })).toEqual({
    sourceId: null,
    created: false,
    seededRows: 0,
  });
  expect(await demoSources()).toHaveLength(0);
});
