import type { Db } from "@/lib/db/client";

/** What the workspace has done so far, read from the database for the home page's checklist. */
export interface SetupFacts {
  hasXConnection: boolean;
  hasSource: boolean;
  /** A destination that finished setup (active or paused). */
  readyDestination: { id: string; name: string } | null;
  /** The newest half-finished setup, to resume. */
  draftDestination: { id: string; name: string } | null;
  hasRun: boolean;
}

/** Five small indexed reads; nothing is counted, so the home page stays fast on a big database. */
export async function readSetupFacts(db: Db): Promise<SetupFacts> {
  const [connection, source, ready, draft, run] = await Promise.all([
    db.xConnection.findFirst({ where: { revokedAt: null }, select: { id: true } }),
    db.source.findFirst({ select: { id: true } }),
    db.destination.findFirst({
      where: { status: { not: "DRAFT" } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, name: true },
    }),
    db.destination.findFirst({
      where: { status: "DRAFT" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, name: true },
    }),
    db.syncRun.findFirst({ select: { id: true } }),
  ]);
  return {
    hasXConnection: connection !== null,
    hasSource: source !== null,
    readyDestination: ready,
    draftDestination: draft,
    hasRun: run !== null,
  };
}
