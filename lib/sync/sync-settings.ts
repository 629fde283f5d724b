import type { Env } from "@/lib/config/env";

/** The knobs of a sync, from the environment in the worker and set directly in tests. */
export interface SyncSettings {
  /** Conversion requests in flight at once for one run. */
  concurrency: number;
  /** Resends of one batch after retryable failures before its rows are marked failed. */
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Rate-limit waits one batch may sit through before its rows are marked failed. */
  maxRateLimitWaits: number;
  /** How often progress and the heartbeat are written. */
  heartbeatMs: number;
  /** Rows per read from the source. */
  chunkSize: number;
  /** …and at most about this many characters of cells per read (sources/cell-chars.ts), so
   * memory stays bounded for sources of very wide rows. */
  maxChunkChars: number;
  /** Rows one worker keeps read ahead across all its runs (sync-worker.ts chunkSizeFor): many
   * runs at once read smaller chunks. */
  rowsInMemory: number;
  /** Per request to X. */
  xTimeoutMs: number;
  /** An events-per-window ceiling per ad account to pace by before X's headers are known. */
  eventsPerWindow: number | null;
  rateWindowMs: number;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  concurrency: 4,
  maxRetries: 6,
  retryBaseMs: 1_000,
  retryMaxMs: 60_000,
  maxRateLimitWaits: 50,
  heartbeatMs: 2_000,
  // 2,500: far fewer reads, hand-offs and lookups than 1,000, and half the rows in flight of
  // 5,000 for the same speed (measured in docs/benchmarks.md, "Measurements behind the code").
  chunkSize: 2_500,
  // 4M characters: 2,500 rows of up to 1,600 characters; wider rows come fewer per chunk.
  maxChunkChars: 4_000_000,
  // Three chunks of 2,500 for up to four runs; 250-row chunks from forty runs on.
  rowsInMemory: 30_000,
  xTimeoutMs: 30_000,
  eventsPerWindow: null,
  rateWindowMs: 900_000,
};

export function syncSettingsFromEnv(env: Env): SyncSettings {
  return {
    ...DEFAULT_SYNC_SETTINGS,
    concurrency: env.SLUICE_SYNC_CONCURRENCY,
    maxRetries: env.SLUICE_SYNC_MAX_RETRIES,
    retryBaseMs: env.SLUICE_SYNC_RETRY_BASE_MS,
    heartbeatMs: Math.round(env.SLUICE_SYNC_HEARTBEAT_SECONDS * 1000),
    xTimeoutMs: env.SLUICE_X_TIMEOUT_MS,
    eventsPerWindow: env.SLUICE_X_EVENTS_PER_WINDOW ?? null,
    rateWindowMs: env.SLUICE_X_RATE_WINDOW_SECONDS * 1000,
  };
}
