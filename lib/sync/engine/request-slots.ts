/**
 * The bound on one run's requests to X at once (`settings.concurrency`). A request holds a slot
 * from when its batch is let through until X answers, or until it has been on the wire for
 * `stallMs`: a request X is that slow with stops counting, so it stalls only itself. It still
 * finishes (or times out) and is recorded; only the bound forgets it. Batches that wait (a
 * backoff sleep, a rate-limit reset) hold no slot either: they take one again to resend.
 */
export class RequestSlots {
  private busy = 0;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly size: number,
    private readonly stallMs: number,
  ) {}

  /** Slots held now (requests let through and neither answered nor stalled). */
  get held(): number {
    return this.busy;
  }

  /** Waits for a free slot and takes it; null when the signal aborted first. */
  async take(signal?: AbortSignal): Promise<Slot | null> {
    while (this.busy >= this.size) {
      if (signal?.aborted) return null;
      await this.nextRelease(signal);
    }
    if (signal?.aborted) return null;
    this.busy += 1;
    return new Slot(() => this.release(), this.stallMs);
  }

  /** Resolves at the next release (or when the signal aborts). */
  nextRelease(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const onAbort = () => resolve();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }

  private release(): void {
    this.busy -= 1;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

export class Slot {
  private released = false;
  private stallTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly onRelease: () => void,
    private readonly stallMs: number,
  ) {}

  /** The request went on the wire: if X has not answered within `stallMs`, give the slot back. */
  onWire(): void {
    if (this.released || this.stallTimer) return;
    this.stallTimer = setTimeout(() => this.release(), this.stallMs);
    this.stallTimer.unref?.();
  }

  /** Gives the slot back; a second call (the answer after a stall) does nothing. */
  release(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }
}
