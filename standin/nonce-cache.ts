/**
 * Remembers OAuth nonces for as long as their timestamp is acceptable, so a captured request
 * cannot be replayed inside the timestamp window and memory stays bounded outside it.
 */
export class NonceCache {
  private readonly seenUntil = new Map<string, number>();
  private lastPurge = 0;

  constructor(private readonly windowMs: number) {}

  /** Records the nonce; false when it was already used within the window. */
  use(key: string, nowMs: number): boolean {
    this.purge(nowMs);
    const until = this.seenUntil.get(key);
    if (until !== undefined && until > nowMs) return false;
    // A nonce must outlive its request's whole acceptable window on both sides of now.
    this.seenUntil.set(key, nowMs + 2 * this.windowMs);
    return true;
  }

  clear(): void {
    this.seenUntil.clear();
  }

  private purge(nowMs: number): void {
    if (nowMs - this.lastPurge < this.windowMs) return;
    this.lastPurge = nowMs;
    for (const [key, until] of this.seenUntil) if (until <= nowMs) this.seenUntil.delete(key);
  }
}
