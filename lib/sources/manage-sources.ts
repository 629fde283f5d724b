import type { AuditActor } from "../audit/record-audit-event";
import { recordAuditEvent } from "../audit/record-audit-event";
import { openOrNull, type SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { assertSourceNameFree, claimSourceName } from "./assert-source-name-free";
import { deleteCsvFile } from "./csv/csv-file-store";
import { loadSourceGuard } from "./postgres/load-source-guard";
import { createPostgresQuerySource } from "./postgres/postgres-query-source";
import { redactConnectionString } from "./postgres/redact-connection-string";
import { columnsToJson } from "./source-columns";
import { withSourceErrors } from "./source-error-to-app-error";
import type { CreatePostgresSourceInput, UpdatePostgresSourceInput } from "./source-schemas";
import { sourceSecretBox } from "./source-secret-box";
import type { SourceColumn } from "./types";

export interface ManageSourceOptions {
  secretBox?: SecretBox;
  /** Read the query's columns before saving, so a source that cannot be read is not saved
   * (true unless given; the demo start-up skips it). */
  readColumns?: boolean;
}

/** Saves a PostgreSQL query source, after checking that it connects and the query returns its
 * first row within the time limit. */
export async function createPostgresSource(
  db: Db,
  actor: AuditActor | null,
  input: CreatePostgresSourceInput,
  options: ManageSourceOptions = {},
) {
  await assertSourceNameFree(db, input.name);
  const statementTimeoutMs = input.statementTimeoutSeconds * 1000;
  const columns =
    options.readColumns === false
      ? null
      : await readQueryColumns(db, input.connectionString, input.query, statementTimeoutMs);
  const box = options.secretBox ?? sourceSecretBox();
  return db.$transaction(async (tx) => {
    await claimSourceName(tx, input.name);
    const source = await tx.source.create({
      data: {
        name: input.name,
        kind: "POSTGRES",
        connectionStringSealed: box.seal(input.connectionString),
        connectionStringRedacted: redactConnectionString(input.connectionString),
        query: input.query,
        statementTimeoutMs,
        ...(columns ? { columns: columnsToJson(columns), columnsCheckedAt: new Date() } : {}),
        createdById: actor?.id ?? null,
      },
      select: { id: true, name: true },
    });
    await recordAuditEvent(
      tx,
      actor,
      "source.created",
      { type: "source", id: source.id },
      { name: source.name, kind: "POSTGRES" },
    );
    return source;
  });
}

/** Edits a PostgreSQL query source. A missing connection string keeps the saved one; when the
 * connection string, query or time limit changes, the query is checked again before saving. */
export async function updatePostgresSource(
  db: Db,
  actor: AuditActor | null,
  input: UpdatePostgresSourceInput,
  options: ManageSourceOptions = {},
) {
  const existing = await db.source.findUnique({ where: { id: input.sourceId } });
  if (!existing) throw new AppError("NOT_FOUND", "This source no longer exists.");
  if (existing.kind !== "POSTGRES")
    throw new AppError("CONFLICT", "Only a PostgreSQL source has a connection string and a query.");
  await assertSourceNameFree(db, input.name, existing.id);
  const box = options.secretBox ?? sourceSecretBox();
  const statementTimeoutMs = input.statementTimeoutSeconds * 1000;
  const changed = [
    input.name !== existing.name && "name",
    input.connectionString !== undefined && "connectionString",
    input.query !== existing.query && "query",
    statementTimeoutMs !== existing.statementTimeoutMs && "statementTimeout",
  ].filter((field): field is string => Boolean(field));
  if (changed.length === 0) return { id: existing.id, name: existing.name, changed };

  let connectionString = input.connectionString;
  if (connectionString === undefined && existing.connectionStringSealed) {
    connectionString = openOrNull(box, existing.connectionStringSealed) ?? undefined;
  }
  if (connectionString === undefined) {
    const message =
      "Enter the connection string again: the saved one cannot be read with this server's encryption key.";
    throw new AppError("VALIDATION", message, { connectionString: [message] });
  }
  const needsCheck = changed.some((field) => field !== "name") && options.readColumns !== false;
  const columns = needsCheck ? await readQueryColumns(db, connectionString, input.query, statementTimeoutMs) : null;

  return db.$transaction(async (tx) => {
    // Even when the name is unchanged: a rename may have happened during the query check above.
    await claimSourceName(tx, input.name, existing.id);
    const source = await tx.source.update({
      where: { id: existing.id },
      data: {
        name: input.name,
        query: input.query,
        statementTimeoutMs,
        ...(input.connectionString !== undefined
          ? {
              connectionStringSealed: box.seal(input.connectionString),
              connectionStringRedacted: redactConnectionString(input.connectionString),
            }
          : {}),
        ...(columns ? { columns: columnsToJson(columns), columnsCheckedAt: new Date() } : {}),
      },
      select: { id: true, name: true },
    });
    // The field names only: never the connection string or the query text (which may hold
    // customer identifiers in a WHERE clause).
    await recordAuditEvent(
      tx,
      actor,
      "source.updated",
      { type: "source", id: source.id },
      { name: source.name, changed },
    );
    return { ...source, changed };
  });
}

export async function renameSource(db: Db, actor: AuditActor | null, sourceId: string, name: string) {
  const existing = await db.source.findUnique({ where: { id: sourceId }, select: { id: true, name: true } });
  if (!existing) throw new AppError("NOT_FOUND", "This source no longer exists.");
  if (existing.name === name) return existing;
  await assertSourceNameFree(db, name, sourceId);
  return db.$transaction(async (tx) => {
    await claimSourceName(tx, name, sourceId);
    const source = await tx.source.update({
      where: { id: sourceId },
      data: { name },
      select: { id: true, name: true },
    });
    await recordAuditEvent(
      tx,
      actor,
      "source.updated",
      { type: "source", id: sourceId },
      { name, previousName: existing.name, changed: ["name"] },
    );
    return source;
  });
}

/** Deletes a source and its stored file; refused while any destination reads from it. */
export async function deleteSource(db: Db, actor: AuditActor | null, sourceId: string) {
  try {
    return await db.$transaction(async (tx) => {
      // Locks the row: a destination being pointed at this source (its foreign key check) waits
      // for this transaction, so the "in use" check below cannot go stale before the delete.
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Source" WHERE id = ${sourceId} FOR UPDATE`;
      if (locked.length === 0) throw new AppError("NOT_FOUND", "This source no longer exists.");
      const source = await tx.source.findUniqueOrThrow({
        where: { id: sourceId },
        select: { id: true, name: true, kind: true, csvFileId: true },
      });
      const users = await tx.destination.findMany({
        where: { sourceId },
        select: { name: true },
        orderBy: { createdAt: "asc" },
        take: 4,
      });
      if (users.length > 0)
        throw inUseError(
          source.name,
          users.map((destination) => destination.name),
        );
      await tx.source.delete({ where: { id: sourceId } });
      if (source.csvFileId) await deleteCsvFile(tx, source.csvFileId);
      await recordAuditEvent(
        tx,
        actor,
        "source.deleted",
        { type: "source", id: sourceId },
        { name: source.name, kind: source.kind },
      );
      return { id: source.id, name: source.name };
    });
  } catch (error) {
    // The foreign key (ON DELETE RESTRICT) is the last guard if a destination slipped in anyway.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") {
      throw new AppError(
        "CONFLICT",
        "A destination uses this source, so it cannot be deleted. Point that destination at another source first.",
      );
    }
    throw error;
  }
}

function inUseError(sourceName: string, destinationNames: string[]): AppError {
  const shown = destinationNames
    .slice(0, 3)
    .map((name) => `“${name}”`)
    .join(", ");
  const more = destinationNames.length > 3 ? " and others" : "";
  const noun = destinationNames.length === 1 ? "destination" : "destinations";
  return new AppError(
    "CONFLICT",
    `“${sourceName}” is used by the ${noun} ${shown}${more}. Point ${destinationNames.length === 1 ? "it" : "them"} at another source or delete ${destinationNames.length === 1 ? "it" : "them"} first.`,
  );
}

// The first row, not just the column list: describing a query does not run it, so only
// fetching a row shows that it finishes within its time limit, as a sync's first fetch must.
// The connection is checked on the way (own database, privileged user), so neither is saved.
async function readQueryColumns(
  db: Db,
  connectionString: string,
  query: string,
  statementTimeoutMs: number,
): Promise<SourceColumn[]> {
  const guard = await loadSourceGuard(db);
  return withSourceErrors(
    async () =>
      (await createPostgresQuerySource({ connectionString, query, statementTimeoutMs, guard }).sample(1)).columns,
  );
}
