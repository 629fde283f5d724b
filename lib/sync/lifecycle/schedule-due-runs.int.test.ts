import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { scheduleColumns, type Schedule } from "@/lib/destinations/schedule";
import { createJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { scheduleDueRuns } from "./schedule-due-runs";

// The scheduler's tick against the real database and job queue, for schedules read in a time
// zone: each due run moves the next run on by the zone's wall clock, across a DST change.

const url = inject("databaseUrl");
let db: Db;
let queue: JobQueue;

beforeAll(async () => {
  db = createDb(url, { max: 2 });
  queue = await createJobQueue(url, { role: "producer", max: 1 });
});

// Their next run times stay in the past: left active, they would be due in every later test
// file's ticks on this database.
const created: string[] = [];

afterAll(async () => {
  await db?.destination.deleteMany({ where: { id: { in: created } } });
  await queue?.stop({ graceful: false });
  await db?.$disconnect();
});

async function activeDestination(schedule: Schedule, nextRunAt: string): Promise<string> {
  const row = await db.destination.create({
    data: {
      name: `Zoned ${schedule.kind} ${Date.now()}`,
      status: "ACTIVE",
      ...scheduleColumns(schedule),
      nextRunAt: new Date(nextRunAt),
    },
    select: { id: true },
  });
  created.push(row.id);
  return row.id;
}

/** One tick at `now`; the run it queued is then marked done so the next tick can queue again. */
async function tick(destinationId: string, now: string): Promise<string> {
  const { queued } = await scheduleDueRuns(db, queue, new Date(now));
  const runs = await db.syncRun.findMany({ where: { destinationId, id: { in: queued } } });
  expect(runs).toHaveLength(1);
  await db.syncRun.update({ where: { id: runs[0]!.id }, data: { status: "SUCCEEDED", finishedAt: new Date(now) } });
  return (await db.destination.findUniqueOrThrow({ where: { id: destinationId } })).nextRunAt!.toISOString();
}

test("a daily 06:00 New York schedule moves from 11:00 to 10:00 UTC when daylight saving starts", async () => {
  const id = await activeDestination(
    { kind: "DAILY", dailyAt: "06:00", timeZone: "America/New_York" },
    "2026-03-07T11:00:00Z",
  );
  expect(await tick(id, "2026-03-07T11:00:20Z")).toBe("2026-03-08T10:00:00.000Z");
  expect(await tick(id, "2026-03-08T10:00:05Z")).toBe("2026-03-09T10:00:00.000Z");
});

test("a weekday cron schedule in Paris keeps 09:00 local across the autumn change, skipping the weekend", async () => {
  // Friday 23 Oct 2026 09:00 CEST = 07:00 UTC; Monday 26 Oct 09:00 CET = 08:00 UTC.
  const id = await activeDestination(
    { kind: "CRON", cron: "0 9 * * 1-5", timeZone: "Europe/Paris" },
    "2026-10-23T07:00:00Z",
  );
  expect(await tick(id, "2026-10-23T07:00:30Z")).toBe("2026-10-26T08:00:00.000Z");
  // A worker that was down for a whole day skips the missed slot rather than running it late twice.
  expect(await tick(id, "2026-10-27T08:30:00Z")).toBe("2026-10-28T08:00:00.000Z");
});
