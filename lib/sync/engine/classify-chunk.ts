import { bareEventId, parseEventId, type RowIssue } from "@/lib/conversions/index";
import type { Db } from "@/lib/db/client";
import { tableOf, tableRows, valuesMaker } from "@/lib/sources/source-table";
import type { SourceChunk, SourceTable } from "@/lib/sources/types";
import type { SyncItem } from "./batch-delivery";
import type { RowConverter } from "./row-converter";
import { convertedJson, type ConvertedRows } from "./converted-rows";
import type { ProblemBuffer } from "./problem-buffer";
import type { RunCounts, RunLease } from "../lifecycle/run-lease";
import { readRowKeyEarly } from "./row-key";
import type { RunKeys } from "./run-keys";
import type { SentKeyFilter } from "./sent-key-filter";
import { lookUpLedger, type LedgerState } from "./sent-ledger";
import type { SyncTarget } from "./load-sync-target";
import { cursorText, laterCursor } from "@/lib/sources/incremental-read";
import type { EventTagCheck } from "./event-tag-check";

/** What became of one source row before sending: known to the ledger, invalid, or to be sent. */
type RowOutcome =
  | { kind: "known"; state: LedgerState; rowNumber: number; rowKey: string }
  | { kind: "invalid"; rowNumber: number; rowKey: string | null; reasons: RowIssue[]; stillInvalidSince?: string }
  | { kind: "convertible"; item: SyncItem; known: LedgerState | undefined };

export interface PreparedChunk {
  problems: SourceChunk["problems"];
  outcomes: RowOutcome[];
  /** Incremental reads: the chunk's highest cursor value, and whether any cursor could not be
   * read as one (then the run leaves the watermark where it was). */
  cursor: ChunkCursor | null;
}

export interface ChunkCursor {
  highest: string | null;
  unreadable: boolean;
  /** The rows lack the cursor column altogether (the query changed since it was chosen). */
  columnMissing: boolean;
}

/**
 * One chunk of source rows → what each row is, with no shared state touched, so several chunks
 * can be prepared at once (the ledger lookups on the database, the conversion on the converter's
 * threads). Rows whose key can be read from the row are looked up before converting, so a re-run
 * does not normalise and hash what was already sent; keys only known after converting (a digest
 * of the conversion's content) are looked up after.
 */
export function prepareChunk(
  db: Db,
  lease: RunLease,
  target: SyncTarget,
  chunk: SourceChunk,
  converter: RowConverter,
  checks: { sentFilter?: SentKeyFilter | null; eventCheck?: EventTagCheck | null } = {},
): Promise<PreparedChunk> {
  const { sentFilter = null, eventCheck = null } = checks;
  // With the ledger empty when the attempt began, only keys this attempt recorded can be in it.
  const worthLookingUp = (key: string) => sentFilter === null || sentFilter.mightContain(key);
  // In two steps, so the chunk's cells are let go once they are on their way to the converter,
  // not held until it answers: less of every chunk in flight survives into the old generation.
  return startConversion(db, lease, target, chunk, converter, worthLookingUp, eventCheck).then((started) =>
    finishConversion(db, lease, started, worthLookingUp),
  );
}

interface StartedConversion {
  problems: SourceChunk["problems"];
  cursor: ChunkCursor | null;
  rowNumbers: ArrayLike<number>;
  early: Array<string | undefined>;
  outcomes: RowOutcome[];
  /** Indices of the rows being converted, in order. */
  toConvert: number[];
  converted: Promise<ConvertedRows>;
  /** Rows (by index in the chunk) whose event id X would refuse, with the reason. */
  eventProblems: Promise<Map<number, RowIssue>>;
}

async function startConversion(
  db: Db,
  lease: RunLease,
  target: SyncTarget,
  chunk: SourceChunk,
  converter: RowConverter,
  worthLookingUp: (key: string) => boolean,
  eventCheck: EventTagCheck | null,
): Promise<StartedConversion> {
  const table = tableOf(chunk);
  const count = table.cells.length;
  const early = earlyKeys(target.mapping, table);
  const cursors = target.incremental ? readCursors(target.incremental, table) : null;
  const earlyLedger = await lookUpLedger(
    db,
    lease,
    early.filter((key): key is string => key !== undefined && worthLookingUp(key)),
  );
  const outcomes: RowOutcome[] = new Array(count);
  const toConvert: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const key = early[index];
    const known = key === undefined ? undefined : earlyLedger.get(key);
    if (cursors?.missing.has(index))
      outcomes[index] = {
        kind: "invalid",
        rowNumber: table.rowNumbers[index]!,
        rowKey: key ?? null,
        reasons: [cursors.missingReason],
      };
    else if (known)
      outcomes[index] = { kind: "known", state: known, rowNumber: table.rowNumbers[index]!, rowKey: key! };
    else toConvert.push(index);
  }
  const eventIds = eventCheck ? columnEventIds(target, table, toConvert) : null;
  const converted = converter.convert(target.mapping, target.settings, tableRows(table, toConvert));
  const eventProblems =
    eventIds && eventCheck ? eventProblemsOf(eventIds, eventCheck) : Promise.resolve(new Map<number, RowIssue>());
  // Observed here; awaited by finishConversion.
  converted.catch(() => undefined);
  eventProblems.catch(() => undefined);
  return {
    problems: chunk.problems,
    cursor: cursors && {
      highest: cursors.highest,
      unreadable: cursors.unreadable,
      columnMissing: cursors.columnMissing,
    },
    rowNumbers: table.rowNumbers,
    early,
    outcomes,
    toConvert,
    converted,
    eventProblems,
  };
}

/** Each row's event tag id (by index in the chunk), when the event comes from a column and the
 * value is well formed (convertRow reports malformed ones); null for any other mapping. */
function columnEventIds(
  target: SyncTarget,
  table: SourceTable,
  indices: readonly number[],
): Map<number, string> | null {
  const source = target.mapping.eventId;
  if (source.kind !== "column") return null;
  const column = table.columns.indexOf(source.column);
  const ids = new Map<number, string>();
  if (column < 0) return ids;
  for (const index of indices) {
    const parsed = parseEventId(table.cells[index]![column] as Parameters<typeof parseEventId>[0], target.pixelId);
    if (parsed.kind === "value") ids.set(index, bareEventId(parsed.value));
  }
  return ids;
}

async function eventProblemsOf(
  eventIds: Map<number, string>,
  eventCheck: EventTagCheck,
): Promise<Map<number, RowIssue>> {
  const verdicts = await eventCheck.check(eventIds.values());
  const problems = new Map<number, RowIssue>();
  for (const [index, id] of eventIds) {
    const message = verdicts.get(id);
    if (message) problems.set(index, { field: "event_id", code: "event_unknown", message });
  }
  return problems;
}

async function finishConversion(
  db: Db,
  lease: RunLease,
  started: StartedConversion,
  worthLookingUp: (key: string) => boolean,
): Promise<PreparedChunk> {
  const { rowNumbers, early, outcomes, toConvert } = started;
  const converted = await started.converted;
  const eventProblems = await started.eventProblems;
  const unchecked: string[] = [];
  for (let position = 0; position < toConvert.length; position += 1) {
    const index = toConvert[position]!;
    const rowNumber = rowNumbers[index]!;
    const key = early[index];
    const rowKey = converted.ids[position];
    const eventProblem = eventProblems.get(index);
    if (rowKey === null || rowKey === undefined) {
      const reasons = converted.reasons.get(position) ?? [];
      outcomes[index] = {
        kind: "invalid",
        rowNumber,
        rowKey: key ?? null,
        reasons: eventProblem ? [...reasons, eventProblem] : reasons,
      };
      continue;
    }
    // X would refuse the whole batch for it: invalid here, never sent.
    if (eventProblem) {
      outcomes[index] = { kind: "invalid", rowNumber, rowKey, reasons: [eventProblem] };
      continue;
    }
    if (key !== rowKey) unchecked.push(rowKey);
    outcomes[index] = {
      kind: "convertible",
      item: { json: convertedJson(converted, position), rowNumber, rowKey },
      known: undefined,
    };
  }

  const lateLedger = await lookUpLedger(db, lease, unchecked.filter(worthLookingUp));
  if (lateLedger.size > 0) {
    for (const outcome of outcomes) {
      if (outcome.kind === "convertible") outcome.known = lateLedger.get(outcome.item.rowKey);
    }
  }
  return { problems: started.problems, outcomes, cursor: started.cursor };
}

/**
 * Each row's cursor value, for the watermark: the chunk's highest, and the rows whose cursor is
 * NULL. Those are invalid (never sent, reported every run): a window cannot place them, and
 * sending them would hide that the column is not filled.
 */
function readCursors(incremental: NonNullable<SyncTarget["incremental"]>, table: SourceTable) {
  const column = table.columns.indexOf(incremental.column);
  const missing = new Set<number>();
  let highest: string | null = null;
  let unreadable = false;
  for (let index = 0; index < table.cells.length && column !== -1; index += 1) {
    const text = cursorText(incremental.type, table.cells[index]![column]);
    if (text === null) missing.add(index);
    else if (text === undefined) unreadable = true;
    else highest = laterCursor(incremental.type, highest, text);
  }
  const missingReason = {
    field: incremental.column,
    code: "cursor_missing",
    message: `${incremental.column} is empty, so incremental reads cannot tell when this row is new; fill it (this row is read and reported on every run)`,
  };
  return { missing, highest, unreadable, columnMissing: column === -1, missingReason };
}

/** Each row's key where it can be read before converting (readRowKeyEarly), from only the
 * columns a key is read from. */
function earlyKeys(mapping: SyncTarget["mapping"], table: SourceTable): Array<string | undefined> {
  const mapped = mapping.fields.conversion_id;
  const wanted = new Set([...(mapped?.kind === "column" ? [mapped.column] : []), ...mapping.options.rowKeyColumns]);
  const keyColumns = table.columns.flatMap((column, index) => (wanted.has(column) ? [{ column, index }] : []));
  const values = valuesMaker(keyColumns.map(({ column }) => column));
  const cells = new Array<unknown>(keyColumns.length);
  return table.cells.map((row) => {
    for (let k = 0; k < keyColumns.length; k += 1) cells[k] = row[keyColumns[k]!.index];
    return readRowKeyEarly(mapping, values(cells));
  });
}

/**
 * A prepared chunk → the rows still to send, in source order, counting every other row. Run in
 * chunk order by one caller: a row whose key is already on its way in this run (a duplicated
 * source row) is not sent twice. Every row read ends up in exactly one count, here or when X
 * answers for it.
 */
export function settleChunk(
  prepared: PreparedChunk,
  state: { counts: RunCounts; problems: ProblemBuffer; pendingKeys: RunKeys },
): SyncItem[] {
  const { counts, problems, pendingKeys } = state;
  for (const problem of prepared.problems) {
    const isRow = problem.rowNumber !== undefined || problem.line !== undefined;
    problems.add({
      kind: "SOURCE",
      rowNumber: problem.rowNumber ?? null,
      rowKey: problem.line !== undefined ? `line ${problem.line}` : null,
      field: null,
      code: problem.code,
      message: problem.message,
    });
    // A line the source could not read is a row that was read and could not be sent.
    if (isRow) {
      counts.rowsRead += 1;
      counts.rowsInvalid += 1;
    }
  }

  const toSend: SyncItem[] = [];
  for (const outcome of prepared.outcomes) {
    if (outcome.kind === "known") {
      countKnown(state, outcome.state, outcome);
    } else if (outcome.kind === "invalid") {
      counts.rowsRead += 1;
      if (outcome.stillInvalidSince !== undefined) {
        // Listed by an earlier run for these same reasons (previous-problems.ts): a schedule
        // re-reading the same bad rows every hour counts them, it does not report them as new.
        counts.rowsStillInvalid += 1;
        for (const reason of outcome.reasons)
          problems.addStillInvalid(outcome.stillInvalidSince, "INVALID", reason.code);
      } else {
        counts.rowsInvalid += 1;
        for (const reason of outcome.reasons) {
          problems.add({
            kind: "INVALID",
            rowNumber: outcome.rowNumber,
            rowKey: outcome.rowKey,
            field: reason.field,
            code: reason.code,
            message: reason.message,
          });
        }
      }
    } else if (outcome.known) {
      countKnown(state, outcome.known, outcome.item);
    } else if (pendingKeys.has(outcome.item.rowKey)) {
      countKnown(state, "sent_this_attempt", outcome.item);
    } else {
      pendingKeys.add(outcome.item.rowKey);
      toSend.push(outcome.item);
    }
  }
  return toSend;
}

function countKnown(
  { counts, problems }: { counts: RunCounts; problems: ProblemBuffer },
  state: LedgerState,
  row: { rowNumber: number; rowKey: string },
): void {
  counts.rowsRead += 1;
  if (state === "carried") counts.rowsSent += 1;
  else if (state === "already_sent") counts.rowsAlreadySent += 1;
  else {
    // The same conversion_id on an earlier row of this run: X keeps only the first conversion
    // with an id (within 48 hours), so this one is not sent, and is listed so it can be found.
    counts.rowsDuplicate += 1;
    problems.add({
      kind: "DUPLICATE",
      rowNumber: row.rowNumber,
      rowKey: row.rowKey,
      field: "conversion_id",
      code: "conversion_id_duplicate",
      message: DUPLICATE_MESSAGE,
    });
  }
}

const DUPLICATE_MESSAGE =
  "An earlier row of this run has the same conversion_id; X keeps only the first, so this row was not sent";
