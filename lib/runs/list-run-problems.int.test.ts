import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { ProblemBuffer } from "@/lib/sync/engine/problem-buffer";
import { seedDestination, testSecrets } from "@/lib/sync/sync-test-harness";
import { groupRunProblems, listRunProblems } from "./list-run-problems";
import { sourceDatabase } from "@/lib/testing/source-database";

const url = inject("databaseUrl");
// Its source is never read, but points where a source may read: the run's source database.
const sourceDb = sourceDatabase();
let db: Db;

beforeAll(async () => {
  db = createDb(url, { max: 4 });
});
afterAll(() => db?.$disconnect());

async function runWithProblems(destinationId: string, count: number, tag: string): Promise<string> {
  const run = await db.syncRun.create({ data: { destinationId, trigger: "MANUAL", status: "PARTIAL" } });
  const buffer = new ProblemBuffer(db, run.id);
  for (let i = 1; i <= count; i += 1) {
    buffer.add({
      kind: i % 3 === 0 ? "REJECTED" : "INVALID",
      rowNumber: i,
      rowKey: `${tag}-${i}`,
      field: "email",
      code: i % 3 === 0 ? "INVALID_PARAMETER" : `code_${i % 2}`,
      message: `row ${i} of ${tag}`,
    });
    if (i % 700 === 0) await buffer.flush();
  }
  await buffer.flush();
  return run.id;
}

test("a run's problem rows page in order by keyset, only that run's, and its reasons are counted as they were written", async () => {
  const { destinationId } = await seedDestination(db, testSecrets(), {
    url: sourceDb.readerUrl,
    query: "SELECT 1",
    credentials: { consumer: { key: "k", secret: "s" }, token: { token: "t", secret: "s" } },
  });
  const older = await runWithProblems(destinationId, 1_500, "older");
  const newer = await runWithProblems(destinationId, 2_345, "newer");
  await runWithProblems(destinationId, 300, "newest");

  const keys: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Awaited<ReturnType<typeof listRunProblems>> = await listRunProblems(db, newer, {
      cursor,
      pageSize: 500,
    });
    keys.push(...page.problems.map((problem) => problem.rowKey ?? ""));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor);
  expect(pages).toBe(5);
  expect(keys).toEqual(Array.from({ length: 2_345 }, (_, i) => `newer-${i + 1}`));

  // A cursor past the end of bigint is a first page, not a server error.
  expect((await listRunProblems(db, newer, { cursor: "9999999999999999999", pageSize: 1 })).problems[0]?.rowKey).toBe(
    "newer-1",
  );

  const groups = await groupRunProblems(db, newer);
  expect(groups).toEqual([
    { kind: "INVALID", code: "code_0", count: 782, example: "row 10 of newer" },
    { kind: "INVALID", code: "code_1", count: 782, example: "row 1 of newer" },
    { kind: "REJECTED", code: "INVALID_PARAMETER", count: 781, example: "row 1002 of newer" },
  ]);
  expect((await groupRunProblems(db, older)).reduce((sum, group) => sum + group.count, 0)).toBe(1_500);
});

test("a row key finds that row's problems in one run, and nothing of another run's", async () => {
  const { destinationId } = await seedDestination(db, testSecrets(), {
    url: sourceDb.readerUrl,
    query: "SELECT 1",
    credentials: { consumer: { key: "k", secret: "s" }, token: { token: "t", secret: "s" } },
  });
  const run = await runWithProblems(destinationId, 900, "keyed");
  const other = await runWithProblems(destinationId, 50, "keyed");
  const buffer = new ProblemBuffer(db, run);
  // A second reason for the same row: both are listed.
  buffer.add({
    kind: "INVALID",
    rowNumber: 321,
    rowKey: "keyed-321",
    field: "phone",
    code: "INVALID_PHONE",
    message: "row 321 phone",
  });
  await buffer.flush();

  const found = await listRunProblems(db, run, { rowKey: "keyed-321" });
  expect(found.problems.map((problem) => [problem.rowNumber, problem.field])).toEqual([
    [321, "email"],
    [321, "phone"],
  ]);
  expect(found.nextCursor).toBeNull();
  expect((await listRunProblems(db, run, { rowKey: "keyed-9999" })).problems).toEqual([]);
  expect((await listRunProblems(db, other, { rowKey: "keyed-321" })).problems).toEqual([]);
  // Paged like the whole list.
  const first = await listRunProblems(db, run, { rowKey: "keyed-321", pageSize: 1 });
  expect(first.problems).toHaveLength(1);
  const second = await listRunProblems(db, run, { rowKey: "keyed-321", pageSize: 1, cursor: first.nextCursor });
  expect(second.problems[0]?.field).toBe("phone");
});
