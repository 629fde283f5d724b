import { getEnv } from "@/lib/config/env";
import { createDb, type Db } from "@/lib/db/client";
import { insensitiveEquals } from "@/lib/db/insensitive-equals";
import { CliError } from "./cli-io";

/** Sluice's database for a command, with a small pool; closed by the caller. */
export function openCliDb(): Db {
  const url = getEnv().DATABASE_URL;
  if (!url) {
    throw new CliError(
      "DATABASE_URL is not set. Point it at Sluice's database (with `npm start`'s embedded database, start it with SLUICE_EMBEDDED_DB_PORT=<port> and use postgresql://postgres@127.0.0.1:<port>/postgres).",
    );
  }
  return createDb(url, { max: 2 });
}

/** A destination by id, or by its exact name when that names one. */
export async function findDestination(db: Db, reference: string): Promise<{ id: string; name: string }> {
  const byId = await db.destination.findUnique({ where: { id: reference }, select: { id: true, name: true } });
  if (byId) return byId;
  const byName = await db.destination.findMany({
    where: { name: insensitiveEquals(reference) },
    select: { id: true, name: true },
    take: 5,
  });
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1)
    throw new CliError(
      `several destinations are named "${reference}"; use an id: ${byName.map((d) => d.id).join(", ")}`,
    );
  throw new CliError(`no destination "${reference}" (give its id or exact name)`);
}

export function positionalOrUsage(positionals: string[], what: string): string {
  const [value, ...rest] = positionals;
  if (!value) throw new CliError(`${what} is required`, 2);
  if (rest.length > 0) throw new CliError(`unexpected argument "${rest[0]}"`, 2);
  return value;
}
