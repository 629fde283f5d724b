/**
 * The row keys a run has on its way to X, so a key the source yields twice is sent once.
 *
 * Chunks are prepared ahead (their ledger lookups run while earlier chunks are still being sent),
 * so a lookup can miss a key that an earlier batch recorded just after it. Such keys are kept a
 * little longer, "recently recorded", until every chunk whose preparation started before they
 * were recorded has been settled; after that the ledger itself answers for them. Memory stays
 * bounded by what is in flight, however long the run.
 */
export class RunKeys {
  private readonly pending = new Set<string>();
  /** key → how many chunks had started preparing when it was recorded (non-decreasing). */
  private readonly recent = new Map<string, number>();
  private started = 0;
  private settled = 0;

  /** A chunk's preparation (its ledger lookups) starts now. */
  chunkStarted(): void {
    this.started += 1;
  }

  /** The oldest chunk in flight has been settled. */
  chunkSettled(): void {
    this.settled += 1;
    for (const [key, startedWhenRecorded] of this.recent) {
      if (startedWhenRecorded > this.settled) break;
      this.recent.delete(key);
    }
  }

  has(key: string): boolean {
    return this.pending.has(key) || this.recent.has(key);
  }

  add(key: string): void {
    this.pending.add(key);
  }

  /** X has answered for the key; `recorded` when it is now in the ledger. */
  finished(key: string, recorded: boolean): void {
    this.pending.delete(key);
    if (recorded && this.settled < this.started) this.recent.set(key, this.started);
  }

  get size(): number {
    return this.pending.size + this.recent.size;
  }
}
