import { bareEventId, ConversionBatcher, parseEventId } from "@/lib/conversions/index";
import type { Db } from "@/lib/db/client";
import { SyncRunStatus } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { isSourceError } from "@/lib/sources/source-error";
import type { SourceReader } from "@/lib/sources/types";
import { BatchDelivery, type SyncItem } from "./batch-delivery";
import type { PacerLease } from "./pacer-registry";
import { prepareChunk, settleChunk } from "./classify-chunk";
import { inlineConverter, type RowConverter } from "./row-converter";
import { mapOrdered } from "./map-ordered";
import { PreviousProblems } from "./previous-problems";
import { RunKeys } from "./run-keys";
import { loadSyncTarget, type SyncTarget, type XAccess } from "./load-sync-target";
import { ProblemBuffer } from "./problem-buffer";
import { ProgressReporter } from "./progress-reporter";
import { claimRun, finishRun, type RunCounts, type RunLease } from "../lifecycle/run-lease";
import { SentKeyFilter } from "./sent-key-filter";
import { compactLedger, ledgerHasKeys, recordSent } from "./sent-ledger";
import type { SyncSettings } from "../sync-settings";
import { LeaseLostError, SyncAuthError, SyncConfigError, SyncDestinationError } from "../sync-errors";
import { destinationWideRejection } from "./destination-wide-rejection";
import { EventTagCheck } from "./event-tag-check";
import { deliveryListener } from "./delivery-listener";
import type { IncrementalRead } from "@/lib/sources/incremental-read";
import { startWindow, type ReadWindow } from "./read-window";

export interface SyncEngineDeps {
  db: Db;
  openReader: (db: Db, sourceId: string, options?: { incremental?: IncrementalRead | null }) => Promise<SourceReader>;
  access: XAccess;
  settings: SyncSettings;
  /** The pacer of the run's ad account, shared with other runs on it; left when the run ends. */
  pacerFor: (pacingKey: string) => PacerLease;
  /** Rows the source will probably yield, for the progress bar; null when unknown. */
  estimateRows?: (
    db: Db,
    target: { destinationId: string; sourceId: string },
    read: IncrementalRead | null,
  ) => Promise<number | null>;
  /** The worker is shutting down: finish what is on the wire, then hand the run back unfinished. */
  interrupt?: AbortSignal;
  /** Where rows are converted: the worker's thread pool, or (by default) this thread. */
  converter?: RowConverter;
  /** Chunks prepared (looked up and converted) at once, ahead of the one being sent. Each chunk is
   * spread over all the conversion threads, so two keep them busy; more only holds more rows. */
  prepareAhead?: number;
  /** Rows per read for this run, asked when it starts reading (the worker reads smaller chunks
   * while it holds many runs); settings.chunkSize unless given. */
  chunkSize?: () => number;
}

export type RunSyncResult =
  | { kind: "finished"; status: SyncRunStatus; counts: RunCounts }
  | { kind: "skipped"; status: SyncRunStatus | null }
  | { kind: "lease_lost" }
  | { kind: "interrupted" };

/**
 * Runs (or resumes) one sync run: stream the source → skip what the ledger has → convert →
 * batches of ≤500 → X, recording each accepted batch in the ledger before counting it. A crash
 * at any point loses nothing: the run is claimed again and resumes from the ledger, and only the
 * batches on the wire at the crash can be sent twice, with the same conversion_id.
 *
 * Expected failures (source, configuration, X credentials) end the run as failed with a message;
 * anything else (the database gone) is thrown, so the job is retried and the run resumed.
 */
export async function runSync(deps: SyncEngineDeps, runId: string): Promise<RunSyncResult> {
  const { db } = deps;
  const claim = await claimRun(db, runId);
  if (claim.kind === "not_claimable") return { kind: "skipped", status: claim.status };
  const lease = claim.lease;
  const progress = new ProgressReporter(db, lease, deps.settings.heartbeatMs);
  const problems = new ProblemBuffer(db, runId);
  progress.start();
  let delivery: BatchDelivery | null = null;
  let pacer: PacerLease | null = null;
  try {
    const target = await loadSyncTarget(db, lease.destinationId, deps.access);
    problems.digestKeys = keyIsPersonalData(target.mapping);
    // Which event ids X will refuse, known before sending (null: the tags cannot be listed).
    const eventCheck = target.eventTags ? new EventTagCheck(target.eventTags) : null;
    const destinationEvent = destinationEventOf(target);
    if (destinationEvent !== null && eventCheck) {
      const problem = (await eventCheck.check([destinationEvent])).get(destinationEvent);
      if (problem)
        throw new SyncDestinationError(
          `X would refuse every conversion of this destination: ${problem}. Choose the event again in the destination's settings.`,
        );
    }
    const window = await startWindow(db, lease, target);
    void deps.estimateRows?.(db, target, window.read).then(
      (rows) => progress.setEstimate(rows),
      () => undefined,
    );
    const reader: Pick<SourceReader, "stream"> = await deps.openReader(db, target.sourceId, {
      incremental: window.read,
    });
    const chunkSize = deps.chunkSize?.() ?? deps.settings.chunkSize;
    const previousProblems = await PreviousProblems.load(db, lease);
    const storedKey = (rowKey: string) => problems.keyAsStored(rowKey);
    const pendingKeys = new RunKeys();
    // No run of this destination is active but this one, so with its ledger empty now, every key
    // that shows up in it later was recorded by this attempt (and is in the filter).
    const sentFilter = (await ledgerHasKeys(db, lease.destinationId)) ? null : new SentKeyFilter();
    pacer = deps.pacerFor(target.pacingKey);
    delivery = new BatchDelivery({
      send: target.send,
      pacer,
      settings: deps.settings,
      listener: deliveryListener({
        counts: progress.counts,
        problems,
        pendingKeys,
        lease,
        recordSent: (rowKeys) => recordSent(db, lease, rowKeys),
        sentFilter,
        persistCounts: () => progress.persist(),
      }),
      stop: deps.interrupt ? AbortSignal.any([progress.stop, deps.interrupt]) : progress.stop,
      abort: progress.abort,
      destinationWide: (rejection) =>
        destinationWideRejection(rejection, { pixelId: target.pixelId, eventId: destinationEvent }),
    });
    const batcher = new ConversionBatcher<SyncItem>();
    const halted = () => progress.stop.aborted || progress.leaseLost || Boolean(deps.interrupt?.aborted);
    const converter = deps.converter ?? inlineConverter;
    // The pipeline. Read: the source in chunks.
    const chunks = reader.stream({ chunkSize, maxChunkChars: deps.settings.maxChunkChars, signal: progress.abort });
    // Convert: each chunk's rows looked up in the ledger and converted (classify-chunk.ts), a
    // couple of chunks ahead of the one being sent so the converter never waits on X.
    const prepared = mapOrdered(
      chunks,
      (chunk) => {
        pendingKeys.chunkStarted();
        const ready = prepareChunk(db, lease, target, chunk, converter, {
          sentFilter,
          eventCheck: target.mapping.eventId.kind === "column" ? eventCheck : null,
        });
        return previousProblems ? ready.then((chunkReady) => previousProblems.mark(chunkReady, storedKey)) : ready;
      },
      deps.prepareAhead ?? 2,
    );
    // Batch and send: rows still to send, 500 to a request. Record: the delivery listener writes
    // what X accepted to the ledger before counting it.
    for await (const chunk of prepared) {
      window.observe(chunk.cursor);
      const items = settleChunk(chunk, { counts: progress.counts, problems, pendingKeys });
      pendingKeys.chunkSettled();
      for (const item of items) {
        const full = batcher.add(item);
        if (full) await delivery.submit(full);
        if (halted()) break;
      }
      await problems.flush();
      progress.check();
      if (halted()) break;
    }
    const rest = batcher.flush();
    if (rest && !halted()) await delivery.submit(rest);
    // Every row of the window was read (and, once drained, settled) only if nothing halted it.
    const readToEnd = !halted();
    await delivery.drain();
    if (progress.leaseLost) return { kind: "lease_lost" };
    if (deps.interrupt?.aborted && !progress.stop.aborted) {
      // Handed back unfinished: what went over the wire until now is written, so the next
      // attempt carries on from the exact request, retry and 429 counts.
      await progress.flush();
      return { kind: "interrupted" };
    }
    return await finish(deps, lease, progress, problems, null, readToEnd ? window : null);
  } catch (error) {
    // Let batches already on the wire finish and be recorded, so as little as possible is resent.
    await delivery?.drain().catch(() => undefined);
    if (progress.leaseLost || error instanceof LeaseLostError) return { kind: "lease_lost" };
    const message = expectedFailure(error);
    if (message === null) throw error;
    return await finish(deps, lease, progress, problems, message);
  } finally {
    await progress.close();
    await pacer?.leave();
  }
}

async function finish(
  deps: SyncEngineDeps,
  lease: RunLease,
  progress: ProgressReporter,
  problems: ProblemBuffer,
  error: string | null,
  window: ReadWindow | null = null,
): Promise<RunSyncResult> {
  await problems.flush();
  const counts = { ...progress.counts };
  // Only a run that read every row it was to read (the whole source, or its whole incremental
  // window) has the whole list of invalid rows the next run compares with.
  const readWholeSource = error === null && !progress.stop.aborted;
  const status =
    error !== null ? SyncRunStatus.FAILED : progress.stop.aborted ? SyncRunStatus.CANCELLED : statusOf(counts);
  const message =
    error ??
    (status === SyncRunStatus.FAILED
      ? `None of the ${counts.rowsRead} rows could be sent; see the problems below.`
      : null);
  // Only a run that settled every row it read moves the watermark: a row left failed for the
  // next run must still be inside the next run's window. In the transaction that finishes the
  // run, so whoever sees the run finished sees the watermark it left.
  const settled =
    (status === SyncRunStatus.SUCCEEDED || status === SyncRunStatus.PARTIAL || status === SyncRunStatus.UP_TO_DATE) &&
    counts.rowsFailed === 0;
  const finished = await deps.db
    .$transaction(async (tx) => {
      const watermarkAfter = window && settled ? await window.advance(tx) : null;
      // A lost lease undoes the watermark too (the run's new holder reads the window again).
      if (!(await finishRun(tx, lease, counts, { status, error: message, readWholeSource, watermarkAfter })))
        throw new LeaseLostError();
    })
    .then(
      () => true,
      (failure: unknown) => {
        if (failure instanceof LeaseLostError) return false;
        throw failure;
      },
    );
  if (!finished) return { kind: "lease_lost" };
  // The run is over, so its keys no longer need their run id: into the compact part. Only
  // space depends on it, so a failure waits for the next run's finish.
  await compactLedger(deps.db, lease.destinationId).catch((error: unknown) =>
    console.warn(
      `[sync] compacting the sent-ledger of ${lease.destinationId} failed; the next run retries: ${describe(error)}`,
    ),
  );
  return { kind: "finished", status, counts };
}

/** The destination's own event (bare tag id) when every conversion carries it, else null. */
function destinationEventOf(target: SyncTarget): string | null {
  if (target.mapping.eventId.kind !== "destination") return null;
  const parsed = parseEventId(target.settings.eventId ?? undefined, target.pixelId);
  return parsed.kind === "value" ? bareEventId(parsed.value) : null;
}

/** Whether the row key (the conversion id column) is also mapped as an e-mail or a phone. */
function keyIsPersonalData(mapping: SyncTarget["mapping"]): boolean {
  const key = mapping.fields.conversion_id;
  if (key?.kind !== "column") return false;
  return [mapping.fields.email, mapping.fields.phone].some(
    (field) => field?.kind === "column" && field.column === key.column,
  );
}

/**
 * A finished run's status from what it found new: rows still invalid as in an earlier run were
 * reported then, so they make a run neither partial nor failed (the run page summarises them).
 * Nothing new sent and nothing new wrong is "up to date"; new problems beside rows sent (now or
 * before) are "partial"; new problems and not one row ever sent is "failed".
 */
export function statusOf(counts: RunCounts): SyncRunStatus {
  const newProblems = counts.rowsInvalid + counts.rowsRejected + counts.rowsFailed;
  if (newProblems === 0) return counts.rowsSent > 0 ? SyncRunStatus.SUCCEEDED : SyncRunStatus.UP_TO_DATE;
  if (counts.rowsSent + counts.rowsAlreadySent === 0) return SyncRunStatus.FAILED;
  return SyncRunStatus.PARTIAL;
}

/** The message a failed run shows, or null when the error is not one a person can act on. */
function expectedFailure(error: unknown): string | null {
  if (error instanceof SyncConfigError || error instanceof SyncAuthError || error instanceof SyncDestinationError)
    return error.message;
  if (isSourceError(error)) return `The source could not be read: ${error.message}`;
  // openSourceReader's expected failures (the source was deleted, its file is missing...).
  if (error instanceof AppError) return error.message;
  return null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
