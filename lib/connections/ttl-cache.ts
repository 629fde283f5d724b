/**
 * A small in-process cache for X reads. X allows only 5 "global reads" (GET /accounts) per 15
 * minutes per user token, so the wizard must not ask again on every page view or search. Each
 * entry remembers when it was fetched; concurrent loads of one key share one request. It lives in
 * the web server's memory: several server processes each keep their own copy, which only costs a
 * few extra reads.
 */
export interface CacheEntry<T> {
  value: T;
  fetchedAt: Date;
}

export class TtlCache<T> {
  private readonly entries = new Map<string, CacheEntry<T>>();
  private readonly loading = new Map<string, Promise<CacheEntry<T>>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
  ) {}

  peek(key: string, now = Date.now()): CacheEntry<T> | null {
    const entry = this.entries.get(key);
    return entry && now - entry.fetchedAt.getTime() < this.ttlMs ? entry : null;
  }

  /** The last value even when expired, for showing something while X refuses a refresh. */
  stale(key: string): CacheEntry<T> | null {
    return this.entries.get(key) ?? null;
  }

  async get(key: string, load: () => Promise<T>, options: { refresh?: boolean } = {}): Promise<CacheEntry<T>> {
    const fresh = options.refresh ? null : this.peek(key);
    if (fresh) return fresh;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const promise = load()
      .then((value) => {
        const entry = { value, fetchedAt: new Date() };
        this.set(key, entry);
        return entry;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, promise);
    return promise;
  }

  delete(keyPrefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(keyPrefix)) this.entries.delete(key);
  }

  private set(key: string, entry: CacheEntry<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Oldest first in a Map's order: drop from the front.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
