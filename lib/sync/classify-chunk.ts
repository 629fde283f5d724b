import { convertRow } from "@/lib/conversions";
import type { Db } from "@/lib/db/client";
import type { SourceChunk } from "@/lib/sources/types";
import type { SyncItem } from "./batch-delivery";
import type { ProblemBuffer } from "./problem-buffer";
import type { RunCounts, RunLease } from "./run-lease";
import { readRowKeyEarly } from "./row-key";
import { lookUpLedger } from "./sent-ledger";
import type { SyncTarget } from "./load-sync-target";

/**
 * One chunk of source rows → the rows still to send. Rows already in the ledger are counted and
 * skipped (before converting, when the key can be read from the row); invalid rows become problem
 * rows; a row whose key is already on its way in this run (a duplicated source row) is not sent
 * twice. Every row read ends up in exactly one count, here or when X answers for it.
 */
export async function classifyChunk(
  db: Db,
  lease: RunLease,
  target: SyncTarget,
  chunk: SourceChunk,
  state: { counts: RunCounts; problems: ProblemBuffer; pendingKeys: Set<string> },
): Promise<SyncItem[]> {
  const { counts, problems, pendingKeys } = state;
  for (const problem of chunk.problems) {
    const isRow = problem.rowNumber !== undefined || problem.line !== undefined;
    problems.add({ kind: "SOURCE", rowNumber: problem.rowNumber ?? null, rowKey: problem.line !== undefined ? `line ${problem.line}` : null, field: null, code: problem.code, message: problem.message });
    // A line the source could not read is a row that was read and could not be sent.
    if (isRow) {
      counts.rowsRead += 1;
      counts.rowsInvalid += 1;
    }
  }

  const early = chunk.rows.map((row) => readRowKeyEarly(target.mapping, row.values));
  const earlyLedger = await lookUpLedger(db, lease, early.filter((key): key is string => key !== undefined));

  const converted: Array<{ item: SyncItem; checked: boolean }> = [];
  chunk.rows.forEach((row, index) => {
    const key = early[index];
    const known = key === undefined ? undefined : earlyLedger.get(key);
    if (known) return countKnown(counts, known);
    const result = convertRow(target.mapping, target.settings, row.values);
    if (result.status === "invalid") {
      counts.rowsRead += 1;
      counts.rowsInvalid += 1;
      for (const reason of result.reasons) {
        problems.add({ kind: "INVALID", rowNumber: row.rowNumber, rowKey: key ?? null, field: reason.field, code: reason.code, message: reason.message });
      }
      return;
    }
    const rowKey = result.conversion.conversion_id;
    converted.push({ item: { conversion: result.conversion, rowNumber: row.rowNumber, rowKey }, checked: key === rowKey });
  });

  // Keys only known after converting (a digest of the conversion's content) are looked up now.
  const lateLedger = await lookUpLedger(db, lease, converted.filter((entry) => !entry.checked).map((entry) => entry.item.rowKey));
  const toSend: SyncItem[] = [];
  for (const { item } of converted) {
    const known = lateLedger.get(item.rowKey);
    if (known) {
      countKnown(counts, known);
    } else if (pendingKeys.has(item.rowKey)) {
      // The same key twice in the source: X would count it once, and so do we.
      counts.rowsRead += 1;
      counts.rowsAlreadySent += 1;
    } else {
      pendingKeys.add(item.rowKey);
      toSend.push(item);
    }
  }
  return toSend;
}

function countKnown(counts: RunCounts, state: "carried" | "already_sent"): void {
  counts.rowsRead += 1;
  if (state === "carried") counts.rowsSent += 1;
  else counts.rowsAlreadySent += 1;
}
