import type { Db } from "@/lib/db/client";

/** Destinations by name, for the Runs page's destination filter. Drafts have never run. */
export async function listDestinationChoices(db: Db, limit = 500): Promise<Array<{ id: string; name: string }>> {
  return db.destination.findMany({
    where: { status: { not: "DRAFT" } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, name: true },
  });
}
