import { getEnv } from "../../config/env";
import type { Db } from "../../db/client";
import type { SourceGuard } from "./source-guard";

const markers = new WeakMap<Db, Promise<string>>();

/**
 * The guard every source connection of this process is checked against: this installation's
 * marker (read once per database client; a migration made it) and the demo database that
 * `npm start` runs, if any (SLUICE_DEMO_DATABASE_URL).
 */
export async function loadSourceGuard(db: Db): Promise<SourceGuard> {
  let marker = markers.get(db);
  if (!marker) {
    marker = readMarker(db);
    markers.set(db, marker);
    // A failed read is not kept: the next source read tries again.
    marker.catch(() => markers.delete(db));
  }
  return { instanceMarker: await marker, sandbox: demoSandbox() };
}

async function readMarker(db: Db): Promise<string> {
  const row = await db.sluiceInstance.findUnique({ where: { id: 1 }, select: { marker: true } });
  // Never read a source without it: the check that a source is not Sluice's own database needs it.
  if (!row)
    throw new Error(
      "Sluice's database has no instance marker (table SluiceInstance). Run the migrations: npm run db:migrate.",
    );
  return row.marker;
}

function demoSandbox(): SourceGuard["sandbox"] {
  const url = getEnv().SLUICE_DEMO_DATABASE_URL;
  if (!url) return null;
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 5432) };
}
