import type { Db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/conversions/index";
import type { SyncProblemKind } from "@/lib/generated/prisma/client";

export interface SyncProblemInput {
  kind: SyncProblemKind;
  rowNumber: number | null;
  rowKey: string | null;
  field: string | null;
  code: string;
  message: string;
}

// Problem messages come from lib/conversions (never a cell's value) and from X (identifier values
// redacted by lib/x-ads). Length is bounded so one odd message cannot bloat the table.
const MAX_MESSAGE = 500;

/**
 * A row key is the row's conversion_id: an order id or a digest, normally. Should someone map an
 * e-mail column as the conversion id, the key would be an e-mail address, which problem rows
 * never hold: such keys are stored as a short digest instead (still the same for the same row).
 */
export function safeRowKey(rowKey: string | null, alwaysDigest = false): string | null {
  if (rowKey === null) return null;
  if (alwaysDigest || rowKey.includes("@")) return `sha256:${sha256Hex(rowKey).slice(0, 16)}`;
  return rowKey.slice(0, 200);
}

/** Collects a run's problem rows and writes them in batches. */
export class ProblemBuffer {
  private pending: SyncProblemInput[] = [];
  /** Reasons of rows still invalid as in an earlier run, by that run and reason: only counted. */
  private stillInvalid = new Map<string, { sinceRunId: string; kind: SyncProblemKind; code: string; count: number }>();
  /** Set when the row key is a customer's e-mail or phone (the conversion id column is also mapped
   * as one): every key is then stored as its digest. */
  digestKeys = false;

  constructor(
    private readonly db: Db,
    private readonly runId: string,
  ) {}

  add(problem: SyncProblemInput): void {
    this.pending.push({
      ...problem,
      rowKey: safeRowKey(problem.rowKey, this.digestKeys),
      message: problem.message.slice(0, MAX_MESSAGE),
      field: problem.field?.slice(0, 200) ?? null,
    });
  }

  /** A row that an earlier run (`sinceRunId`) listed as invalid for this same reason: counted in
   * SyncStillInvalidGroup instead of being listed again. */
  addStillInvalid(sinceRunId: string, kind: SyncProblemKind, code: string): void {
    const key = `${sinceRunId}\u0000${kind}\u0000${code}`;
    const group = this.stillInvalid.get(key);
    if (group) group.count += 1;
    else this.stillInvalid.set(key, { sinceRunId, kind, code, count: 1 });
  }

  /** The row key as problem rows store it, to find a row among an earlier run's problems. */
  keyAsStored(rowKey: string | null): string | null {
    return safeRowKey(rowKey, this.digestKeys);
  }

  get size(): number {
    return this.pending.length;
  }

  /** Writes the problem rows and, in the same transaction, their counts by reason (SyncProblemGroup). */
  async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, 1_000);
      const groups = new Map<
        string,
        { kind: SyncProblemInput["kind"]; code: string; count: number; example: string }
      >();
      for (const problem of batch) {
        const key = `${problem.kind}\u0000${problem.code}`;
        const group = groups.get(key);
        if (!group) groups.set(key, { kind: problem.kind, code: problem.code, count: 1, example: problem.message });
        else {
          group.count += 1;
          if (problem.message < group.example) group.example = problem.message;
        }
      }
      const list = [...groups.values()];
      await this.db.$transaction([
        this.db.syncProblem.createMany({ data: batch.map((problem) => ({ ...problem, runId: this.runId })) }),
        this.db.$executeRaw`
          INSERT INTO "SyncProblemGroup" ("runId", kind, code, count, example)
          SELECT ${this.runId}, k::"SyncProblemKind", c, n, e
          FROM unnest(${list.map((g) => g.kind)}::text[], ${list.map((g) => g.code)}::text[], ${list.map((g) => g.count)}::int[], ${list.map((g) => g.example)}::text[]) AS t(k, c, n, e)
          ON CONFLICT ("runId", kind, code) DO UPDATE
          SET count = "SyncProblemGroup".count + EXCLUDED.count, example = LEAST("SyncProblemGroup".example, EXCLUDED.example)`,
      ]);
    }
    if (this.stillInvalid.size > 0) {
      const list = [...this.stillInvalid.values()];
      this.stillInvalid = new Map();
      await this.db.$executeRaw`
        INSERT INTO "SyncStillInvalidGroup" ("runId", "sinceRunId", kind, code, count)
        SELECT ${this.runId}, s, k::"SyncProblemKind", c, n
        FROM unnest(${list.map((g) => g.sinceRunId)}::text[], ${list.map((g) => g.kind)}::text[], ${list.map((g) => g.code)}::text[], ${list.map((g) => g.count)}::int[]) AS t(s, k, c, n)
        ON CONFLICT ("runId", "sinceRunId", kind, code) DO UPDATE SET count = "SyncStillInvalidGroup".count + EXCLUDED.count`;
    }
  }
}
