/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff and Jitter"):
 * a random delay between 0 and base·2^(attempt-1), capped. Jitter spreads the retries of many
 * batches that failed together, so they do not hit X again in lockstep. A `retry-after` from X is
 * a floor: never resend earlier than X asked.
 */
export function backoffDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number; retryAt?: Date | null; now?: number; random?: () => number },
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round((options.random ?? Math.random)() * ceiling);
  const floor = options.retryAt ? Math.max(0, options.retryAt.getTime() - (options.now ?? Date.now())) : 0;
  return Math.max(jittered, Math.min(floor, options.maxMs));
}

/** A timer that resolves early (to `false`) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!signal?.aborted);
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
