import type { Db } from "@/lib/db/client";
import { writeProgress, type RunCounts, type RunLease } from "../lifecycle/run-lease";

export function emptyCounts(lease: RunLease): RunCounts {
  return {
    rowsRead: 0,
    rowsAlreadySent: 0,
    rowsInvalid: 0,
    rowsStillInvalid: 0,
    rowsRejected: 0,
    rowsDuplicate: 0,
    rowsSent: 0,
    rowsFailed: 0,
    requests: lease.requests,
    retries: lease.retries,
    rateLimited: lease.rateLimited,
  };
}

/**
 * Writes a run's counts and heartbeat on a timer of its own, so the heartbeat keeps beating while
 * the pipeline waits (a rate-limit reset, a slow source). It is also how a running sync hears of a
 * cancel (the `stop` signal) and of losing its lease (the `abort` signal).
 */
export class ProgressReporter {
  readonly counts: RunCounts;
  private readonly stopController = new AbortController();
  private readonly abortController = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private nextWrite: Promise<void> | null = null;
  /** Whether the next write beats the heartbeat. */
  private nextBeats = false;
  private estimate: number | null = null;
  private writeError: unknown = null;

  constructor(
    private readonly db: Db,
    private readonly lease: RunLease,
    private readonly intervalMs: number,
  ) {
    this.counts = emptyCounts(lease);
  }

  /** Aborted when someone asks to cancel the run. */
  get stop(): AbortSignal {
    return this.stopController.signal;
  }

  /** Aborted when this worker no longer holds the run. */
  get abort(): AbortSignal {
    return this.abortController.signal;
  }

  get leaseLost(): boolean {
    return this.abortController.signal.aborted;
  }

  start(): void {
    this.timer = setInterval(() => void this.write(true), this.intervalMs);
    this.timer.unref?.();
  }

  setEstimate(rows: number | null): void {
    this.estimate = rows;
  }

  /**
   * Writes the counts as they are now. Errors are kept for `check()`: a database that stays
   * unreachable fails the attempt, and the job is retried.
   */
  flush(): Promise<void> {
    return this.write(false);
  }

  /** `flush()`, then throws if that write failed. */
  async persist(): Promise<void> {
    await this.flush();
    this.check();
  }

  /**
   * One write at a time, each with the counts as they are when it starts. A write already under
   * way may have read them before the caller changed them, so the caller gets the next write
   * after it: one write for everyone who asks meanwhile (a burst of requests costs one round
   * trip, not one each). It beats the heartbeat if any of them is the heartbeat's timer.
   */
  private write(heartbeat: boolean): Promise<void> {
    this.nextBeats ||= heartbeat;
    if (!this.writing) return this.startWrite();
    this.nextWrite ??= this.writing.then(() => {
      this.nextWrite = null;
      // Someone may have started a write since the last one ended: it started after our callers.
      return this.writing ?? this.startWrite();
    });
    return this.nextWrite;
  }

  private startWrite(): Promise<void> {
    const heartbeat = this.nextBeats;
    this.nextBeats = false;
    this.writing = writeProgress(
      this.db,
      this.lease,
      { ...this.counts },
      { rowsTotalEstimate: this.estimate, heartbeat },
    )
      .then((result) => {
        this.writeError = null;
        if (result === null) this.abortController.abort();
        else if (result.cancelRequested) this.stopController.abort();
      })
      .catch((error: unknown) => {
        this.writeError = error;
      })
      .finally(() => {
        this.writing = null;
      });
    return this.writing;
  }

  /** Throws the last write's error, if the last write failed. */
  check(): void {
    if (this.writeError) throw this.writeError;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.nextWrite;
    await this.writing;
  }
}
