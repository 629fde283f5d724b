import type { Db } from "@/lib/db/client";
import { describeSchedule, scheduleOf } from "@/lib/destinations/schedule";
import type { DestinationStatus } from "@/lib/generated/prisma/client";

export interface DestinationHeading {
  id: string;
  name: string;
  status: DestinationStatus;
  /** "Every hour", "Daily at 06:00 UTC", "Manual only". */
  scheduleText: string;
  nextRunAt: string | null;
}

/** What the runs pages show of a destination they are filtered by. */
export async function getDestinationHeading(db: Db, id: string): Promise<DestinationHeading | null> {
  const row = await db.destination.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      status: true,
      scheduleKind: true,
      scheduleIntervalMinutes: true,
      scheduleDailyAt: true,
      scheduleCron: true,
      scheduleTimeZone: true,
      nextRunAt: true,
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    scheduleText: describeSchedule(scheduleOf(row)),
    nextRunAt: row.status === "ACTIVE" ? (row.nextRunAt?.toISOString() ?? null) : null,
  };
}
