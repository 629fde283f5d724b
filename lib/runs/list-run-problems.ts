import type { Db } from "@/lib/db/client";
import { Prisma, type SyncProblemKind } from "@/lib/generated/prisma/client";

export interface RunProblemView {
  id: string;
  kind: SyncProblemKind;
  rowNumber: number | null;
  rowKey: string | null;
  field: string | null;
  code: string;
  message: string;
}

export interface ProblemGroupView {
  kind: SyncProblemKind;
  code: string;
  /** Problem rows with this reason (a row can have more than one reason). */
  count: number;
  /** One of the group's messages, to explain the code. */
  example: string;
}

/** A run's problem rows in row order, keyset-paged on the problem id (index SyncProblem(runId, id));
 * with `rowKey`, only that row's problems (index SyncProblem(runId, rowKey)). */
export async function listRunProblems(
  db: Db,
  runId: string,
  options: { cursor?: string | null; pageSize?: number; rowKey?: string | null } = {},
): Promise<{ problems: RunProblemView[]; nextCursor: string | null }> {
  const pageSize = Math.min(5_000, Math.max(1, options.pageSize ?? 50));
  const after = parseProblemCursor(options.cursor);
  // Written so that only SyncProblem(runId, id) can give the order: with `"runId" = $1 ORDER BY id`
  // PostgreSQL may walk the primary key from the table's first id instead, filtering out every
  // older run's problems first (630 ms for the newest run behind 4M other rows). A range on runId
  // (the same rows as the equality) keeps `ORDER BY "runId", id` from being reduced to `ORDER BY id`.
  // One row key: equality on both columns of SyncProblem(runId, rowKey) finds its few rows, sorted
  // after. The range-and-order form above would walk (runId, id) through the whole run instead
  // (830 ms for a key halfway through a million problem rows).
  const where = options.rowKey
    ? Prisma.sql`WHERE "runId" = ${runId} AND "rowKey" = ${options.rowKey} AND id > ${after ?? BigInt(0)} ORDER BY id`
    : Prisma.sql`WHERE "runId" >= ${runId} AND "runId" <= ${runId} AND ("runId", id) > (${runId}, ${after ?? BigInt(0)}) ORDER BY "runId", id`;
  const rows = await db.$queryRaw<
    Array<{
      id: bigint;
      kind: SyncProblemKind;
      rowNumber: number | null;
      rowKey: string | null;
      field: string | null;
      code: string;
      message: string;
    }>
  >`
    SELECT id, kind, "rowNumber", "rowKey", field, code, message
    FROM "SyncProblem"
    ${where}
    LIMIT ${pageSize + 1}`;
  const page = rows.slice(0, pageSize);
  return {
    problems: page.map((row) => ({ ...row, id: row.id.toString() })),
    nextCursor: rows.length > pageSize ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}

function parseProblemCursor(cursor: string | null | undefined): bigint | null {
  if (!cursor || !/^\d{1,19}$/.test(cursor)) return null;
  const id = BigInt(cursor);
  // Beyond PostgreSQL's bigint nothing can follow; a hand-edited cursor gets the first page.
  return id <= 9_223_372_036_854_775_807n ? id : null;
}

/** The reasons rows were not sent, most common first: read from the counts kept as problem rows
 * are written (SyncProblemGroup), so a run with a million problem rows costs a few rows here. */
export async function groupRunProblems(db: Db, runId: string, limit = 50): Promise<ProblemGroupView[]> {
  const rows = await db.syncProblemGroup.findMany({
    where: { runId },
    orderBy: [{ count: "desc" }, { kind: "asc" }, { code: "asc" }],
    take: limit,
    select: { kind: true, code: true, count: true, example: true },
  });
  return rows.map((row) => ({ kind: row.kind, code: row.code, count: row.count, example: row.example }));
}
