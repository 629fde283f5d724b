import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// The one place that reads process.env (conventions.md §11). Parsed once, on first use.

// An empty variable counts as unset (a blank DATABASE_URL= line must not shadow the default).
const optionalUrl = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined))
  .pipe(z.url().optional());

const base64Key = z
  .string()
  .trim()
  .refine(
    (value) => Buffer.from(value, "base64").length === 32,
    "must be 32 bytes, base64-encoded (openssl rand -base64 32)",
  );

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalUrl,
  SLUICE_DATA_DIR: z.string().default(".data"),
  SLUICE_ENCRYPTION_KEY: base64Key.optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  NEXTAUTH_URL: optionalUrl,
  X_ADS_API_BASE_URL: z.string().url().default("https://ads-api.x.com"),
  X_API_BASE_URL: z.string().url().default("https://api.x.com"),
  X_CONSUMER_KEY: z.string().optional(),
  X_CONSUMER_SECRET: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  /** Set by the start script when it runs the embedded database (lib/db/embedded-postgres.ts) instead of a configured server. */
  SLUICE_EMBEDDED_DATABASE: z
    .enum(["0", "1", ""])
    .optional()
    .transform((value) => value === "1"),
  /** Port of the embedded PostgreSQL's socket server; 0 lets the OS choose. */
  SLUICE_EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Port of the embedded demo database that `npm start` runs for the demo source; 0 lets the OS choose. */
  SLUICE_DEMO_DB_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Seconds the demo database may go without answering before the start script restarts it. */
  SLUICE_DEMO_DB_STUCK_SECONDS: z.coerce.number().int().min(5).max(86_400).default(120),
  /** Port of the local X stand-in that `npm start` runs when no X app credentials are set. */
  STANDIN_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  SLUICE_X_STANDIN: z
    .enum(["0", "1", "true", "false", ""])
    .optional()
    .transform((value) => value === "1" || value === "true"),
  /** `npm start` seeds the demo_conversions table and the "Demo orders" source unless this is 0. */
  SLUICE_DEMO_SOURCE: z
    .enum(["0", "1", "true", "false", ""])
    .optional()
    .transform((value) => value !== "0" && value !== "false"),
  /** Reverse proxies in front of Sluice (scripts/web-server.mjs reads the same variable): behind
   * them, X-Forwarded-For and X-Forwarded-Host are believed; with 0, neither is. */
  SLUICE_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  /** Set by the start script: the embedded database that holds only the demo data. Its one user
   * is a superuser of that database alone, so its source is spared the role checks. */
  SLUICE_DEMO_DATABASE_URL: optionalUrl,
  /** Lets alert webhooks reach private, loopback and link-local addresses (and plain http to
   * this machine): for local testing only, since an editor could otherwise probe your network. */
  SLUICE_ALERT_WEBHOOKS_PRIVATE: z
    .enum(["0", "1", "true", "false", ""])
    .optional()
    .transform((value) => value === "1" || value === "true"),
  /** Lets the SSO issuer URL (and the endpoints its discovery document names) be plain http or a
   * private, loopback or link-local address: for a local test identity provider only. */
  SLUICE_SSO_ISSUER_PRIVATE: z
    .enum(["0", "1", "true", "false", ""])
    .optional()
    .transform((value) => value === "1" || value === "true"),
  /** Hours a session lasts from sign-in, however often it is used (an absolute limit, not an idle one). */
  SLUICE_SESSION_HOURS: z.coerce
    .number()
    .min(0.25)
    .max(24 * 30)
    .default(12),
  /** Requests one API token may make per minute, across every web server process (lib/api). */
  SLUICE_API_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(120),
  // ─── Syncs (lib/sync, lib/jobs) ───
  /** Runs one worker process works on at the same time. Runs mostly wait on their ad account's
   * rate limit, so many go side by side; each keeps a few thousand rows in memory and one
   * connection to its source database. Conversion CPU is bounded by SLUICE_CONVERSION_THREADS. */
  SLUICE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(50),
  /** Threads of a worker process that convert rows (E.164, SHA-256); unset: one per core on 2 cores, else one per core but one (at least 1, at most 4); 0: on the main thread. */
  SLUICE_CONVERSION_THREADS: z.coerce.number().int().min(0).max(16).optional(),
  /** Conversion requests one run keeps in flight to X at the same time. */
  SLUICE_SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),
  /** Resends of a batch after 5xx, timeouts and dropped connections before its rows are marked failed. */
  SLUICE_SYNC_MAX_RETRIES: z.coerce.number().int().min(0).max(20).default(6),
  /** First backoff delay; it doubles on each retry (with jitter), capped at 60 s. */
  SLUICE_SYNC_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(1_000),
  /** How often a running sync writes its progress and heartbeat. */
  SLUICE_SYNC_HEARTBEAT_SECONDS: z.coerce.number().min(0.2).max(60).default(2),
  /** A running sync whose heartbeat is older than this is taken to have lost its worker, and resumed. */
  // Three missed heartbeats: a killed worker's run is taken over within about 8 s (see sync-worker.ts).
  SLUICE_SYNC_STALE_SECONDS: z.coerce.number().min(1).max(3_600).default(6),
  /** An SMTP server for e-mail alerts, e.g. smtps://user:password@smtp.example.com:465. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://")
    .optional(),
  /** The From of alert e-mail. */
  SMTP_FROM: z.string().min(3).default("Sluice <sluice@localhost>"),
  /** Serve the worker's Prometheus metrics on this port (opt-in), to SLUICE_METRICS_TOKEN bearers. */
  SLUICE_METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  SLUICE_METRICS_TOKEN: z.string().min(16, "SLUICE_METRICS_TOKEN must be at least 16 characters").optional(),
  SLUICE_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** Per request to X's conversions endpoint. */
  SLUICE_X_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  /** Events per ad account per window to stay under before X's rate-limit headers say more (unset: X's own headers only). */
  SLUICE_X_EVENTS_PER_WINDOW: z.coerce.number().int().min(1).optional(),
  SLUICE_X_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
});

export type Env = z.infer<typeof schema> & {
  /** The AES-256-GCM key for secrets at rest. */
  encryptionKey: Buffer;
  authSecret: string;
  dataDir: string;
};

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.SLUICE_DATA_DIR);
  const generated = env.SLUICE_ENCRYPTION_KEY && env.NEXTAUTH_SECRET ? undefined : loadOrCreateLocalSecrets(dataDir);
  cached = {
    ...env,
    dataDir,
    encryptionKey: Buffer.from(env.SLUICE_ENCRYPTION_KEY ?? generated!.encryptionKey, "base64"),
    authSecret: env.NEXTAUTH_SECRET ?? generated!.authSecret,
  };
  return cached;
}

interface LocalSecrets {
  encryptionKey: string;
  authSecret: string;
}

/**
 * On a machine with no configured secrets (the demo), Sluice makes its own once and keeps them in
 * the git-ignored data folder, readable by the owner only, so restarts can still decrypt what was
 * stored. Production deployments set SLUICE_ENCRYPTION_KEY and NEXTAUTH_SECRET instead.
 */
export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: LocalSecrets = {
    encryptionKey: randomBytes(32).toString("base64"),
    authSecret: randomBytes(32).toString("base64url"),
  };
  // "wx" fails if another process created the file first; then read theirs.
  try {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: "wx" });
    return secrets;
  } catch {
    return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  }
}
