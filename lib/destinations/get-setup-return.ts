import type { Db } from "@/lib/db/client";

export interface SetupReturn {
  destinationName: string;
  /** The wizard's source step of that destination; a path built here, never taken from the URL. */
  href: string;
}

/**
 * Where "create a source" sends a person back to when they came from a destination's setup:
 * only to the source step of a destination that exists, so `?for=` can never redirect elsewhere.
 */
export async function getSetupReturn(db: Db, destinationId: string | null | undefined): Promise<SetupReturn | null> {
  if (!destinationId || destinationId.length > 100) return null;
  const destination = await db.destination.findUnique({
    where: { id: destinationId },
    select: { id: true, name: true },
  });
  if (!destination) return null;
  return {
    destinationName: destination.name,
    href: `/destinations/${encodeURIComponent(destination.id)}/setup/source`,
  };
}
