/**
 * The runs a worker lets work at once (read, convert, send). A run that waits for its ad
 * account's rate-limit window gives its slot back while it waits (`RunSlot.parked`), so runs of
 * other accounts go ahead: X's limit is per account, and a fleet of accounts should go in
 * parallel. A parked run that may send again queues for a slot ahead of runs not yet started.
 */
export class WorkSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly size: number,
    /** Called when a slot becomes free with nobody waiting for it (a new run may start). */
    private readonly onFree: () => void = () => undefined,
  ) {
    this.free = size;
  }

  /** Whether a new run may start now: a slot is free and no parked run is waiting for one. */
  get idle(): boolean {
    return this.free > 0 && this.waiting.length === 0;
  }

  /** Runs that are working now (holding a slot). */
  get busy(): number {
    return this.size - this.free;
  }

  acquire(): Promise<void> {
    if (this.idle) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) return next();
    this.free += 1;
    this.onFree();
  }

  /** Takes a slot for a run; the run gives it back with `RunSlot.close()`. */
  async enter(): Promise<RunSlot> {
    await this.acquire();
    return new RunSlot(this);
  }
}

/**
 * One run's hold on a slot. Its batches call `parked()` before a long wait on the account's
 * budget and `unparked()` after it; the slot is given back while any of them waits and taken
 * again (queueing if need be) before the run sends.
 */
export class RunSlot {
  private held = true;
  private regaining: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly slots: WorkSlots) {}

  get holding(): boolean {
    return this.held;
  }

  parked(): void {
    if (!this.held || this.regaining || this.closed) return;
    this.held = false;
    this.slots.release();
  }

  /** Resolves once the run holds its slot again. */
  unparked(): Promise<void> {
    if (this.held || this.closed) return Promise.resolve();
    this.regaining ??= this.slots.acquire().then(() => {
      this.regaining = null;
      if (this.closed) this.slots.release();
      else this.held = true;
    });
    return this.regaining;
  }

  /** The run is over: its slot (if it holds one) goes to the next run. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.held) {
      this.held = false;
      this.slots.release();
    }
  }
}
