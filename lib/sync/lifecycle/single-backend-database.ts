import type { Db } from "@/lib/db/client";

const known = new WeakMap<Db, Promise<boolean>>();

/**
 * Whether Sluice's database is the embedded PGlite, which serves every connection from one
 * backend (see spool-source.ts for what that means for a sync). Asked once per client.
 */
export function isSingleBackendDatabase(db: Db): Promise<boolean> {
  let answer = known.get(db);
  if (!answer) {
    answer = db.$queryRaw<Array<{ pglite: boolean }>>`SELECT version() LIKE '%PGlite%' AS pglite`.then((rows) => rows[0]?.pglite === true);
    known.set(db, answer);
  }
  return answer;
}
