// `npm run worker`: a sync worker. `npm start` runs one next to the web server; more can run on
// other machines pointed at the same DATABASE_URL (and the same SLUICE_ENCRYPTION_KEY), and they
// share the work through the job queue in that database.
import { getEnv } from "../lib/config/env";
import { createSecretBox } from "../lib/crypto/secret-box";
import { startSyncWorker } from "../lib/sync/lifecycle/sync-worker";
import { syncSettingsFromEnv } from "../lib/sync/sync-settings";
import { resolveXAdsConfig } from "../lib/x-ads";

const env = getEnv();
if (!env.DATABASE_URL) {
  console.error(
    "[sluice worker] DATABASE_URL is not set. `npm start` starts a worker with its embedded database; a worker of its own needs DATABASE_URL.",
  );
  process.exit(1);
}

if (env.SLUICE_METRICS_PORT !== undefined && !env.SLUICE_METRICS_TOKEN) {
  console.error(
    "[sluice worker] SLUICE_METRICS_PORT is set but SLUICE_METRICS_TOKEN is not: the metrics are served only to bearers of a token (16 characters or more).",
  );
  process.exit(1);
}

const worker = await startSyncWorker({
  databaseUrl: env.DATABASE_URL,
  access: {
    config: resolveXAdsConfig({
      adsApiBaseUrl: env.X_ADS_API_BASE_URL,
      apiBaseUrl: env.X_API_BASE_URL,
      timeoutMs: env.SLUICE_X_TIMEOUT_MS,
    }),
    consumer:
      env.X_CONSUMER_KEY && env.X_CONSUMER_SECRET ? { key: env.X_CONSUMER_KEY, secret: env.X_CONSUMER_SECRET } : null,
    secrets: createSecretBox(env.encryptionKey),
  },
  settings: syncSettingsFromEnv(env),
  concurrency: env.SLUICE_WORKER_CONCURRENCY,
  conversionThreads: env.SLUICE_CONVERSION_THREADS,
  staleSeconds: env.SLUICE_SYNC_STALE_SECONDS,
  allowPrivateWebhooks: env.SLUICE_ALERT_WEBHOOKS_PRIVATE,
  alertEmail: env.SMTP_URL ? { smtpUrl: env.SMTP_URL, from: env.SMTP_FROM } : null,
  appUrl: env.NEXTAUTH_URL ?? null,
  ...(env.SLUICE_METRICS_PORT !== undefined && env.SLUICE_METRICS_TOKEN
    ? { metrics: { port: env.SLUICE_METRICS_PORT, host: env.SLUICE_METRICS_HOST, token: env.SLUICE_METRICS_TOKEN } }
    : {}),
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[sluice worker] ${signal}: finishing requests in flight, then stopping`);
  await worker
    .stop()
    .catch((error: unknown) =>
      console.error(`[sluice worker] stop failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
