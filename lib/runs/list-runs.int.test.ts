import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { parseRunFilters } from "./run-filters";
import { listRuns } from "./list-runs";

// The Runs page's filters against the real database: destination, status and a range of days in
// the viewer's zone, each page keyset-paged.

const url = inject("databaseUrl");
let db: Db;

beforeAll(async () => {
  db = createDb(url, { max: 2 });
});
afterAll(() => db?.$disconnect());

test("runs filter by destination, status and days in the viewer's zone, paging through the matches", async () => {
  const tag = `${Date.now()}`;
  const [a, b] = await Promise.all(
    ["A", "B"].map((name) =>
      db.destination.create({ data: { name: `Filters ${name} ${tag}`, status: "ACTIVE" }, select: { id: true } }),
    ),
  );
  // Runs every 6 hours from 2026-03-07 00:00 UTC to 2026-03-10 18:00 UTC, alternating destinations.
  const statuses = ["SUCCEEDED", "FAILED", "PARTIAL", "UP_TO_DATE"] as const;
  await db.syncRun.createMany({
    data: Array.from({ length: 16 }, (_, i) => ({
      id: `${tag}-${String(i).padStart(2, "0")}`,
      destinationId: i % 2 === 0 ? a!.id : b!.id,
      trigger: "SCHEDULE" as const,
      status: statuses[i % 4]!,
      createdAt: new Date(Date.UTC(2026, 2, 7, i * 6)),
    })),
  });
  const ids = async (query: Record<string, string>, pageSize = 25) => {
    const parsed = parseRunFilters(query);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listRuns>> = await listRuns(db, {
        ...parsed,
        destinationId: parsed.filters.destinationId,
        status: parsed.filters.status,
        cursor,
        pageSize,
      });
      // Other tests' runs share the table: only this test's are compared.
      seen.push(...page.runs.filter((run) => run.id.startsWith(`${tag}-`)).map((run) => run.id.slice(tag.length + 1)));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  };

  expect(await ids({ destination: a!.id })).toEqual(["14", "12", "10", "08", "06", "04", "02", "00"]);
  expect(await ids({ destination: b!.id, status: "FAILED" })).toEqual(["13", "09", "05", "01"]);
  // 8 March in New York (UTC-5 until 02:00, then UTC-4): 05:00 UTC on the 8th to 04:00 UTC on the 9th.
  expect(await ids({ destination: a!.id, from: "2026-03-08", to: "2026-03-08", tz: "America/New_York" })).toEqual([
    "08",
    "06",
  ]);
  expect(await ids({ destination: b!.id, from: "2026-03-08", to: "2026-03-08", tz: "America/New_York" })).toEqual([
    "07",
    "05",
  ]);
  // The same day in UTC, across both destinations, two to a page.
  expect(await ids({ from: "2026-03-08", to: "2026-03-08" }, 2)).toEqual(["07", "06", "05", "04"]);
  expect(await ids({ destination: a!.id, status: "PARTIAL", from: "2026-03-09" })).toEqual(["14", "10"]);
});
