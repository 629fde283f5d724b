import { randomBytes } from "node:crypto";
import { ConversionLog } from "./conversion-log";
import { FaultInjector } from "./faults";
import { ValueRejections } from "./value-rejections";
import { NonceCache } from "./nonce-cache";
import { RateLimiter } from "./rate-limiter";
import { defaultSeed } from "./seed";
import { SeedIndex } from "./seed-index";
import type { StandinSeed } from "./seed-schema";

/**
 * Everything the stand-in knows: the seeded world plus what happened since (tokens, nonces,
 * conversions, rate-limit windows, faults). Two clocks on purpose: OAuth timestamps are checked
 * against the real clock (clients sign with it), while dedupe windows, rate-limit windows and
 * request-token expiry use `now()`, which the control API can move forward so tests need no sleeps.
 */

export interface StandinOptions {
  seed?: StandinSeed;
  rateLimit?: {
    /** Events per ad account per window on the conversions endpoint (X: 60,000 per 15 min). */
    conversionsPerWindow?: number;
    /** Requests per user (and per account, for account routes) per window on each GET route. */
    readsPerWindow?: number;
    windowSeconds?: number;
  };
  /** Seed of the fault-probability generator. */
  randomSeed?: number;
  /** How far an oauth_timestamp may be from the real clock. */
  timestampWindowSeconds?: number;
  /** Keep each accepted conversion's body (off for long benchmarks to save memory). */
  recordPayloads?: boolean;
}

export const REQUEST_TOKEN_TTL_MS = 15 * 60 * 1000;

export interface RequestTokenRecord {
  token: string;
  secret: string;
  consumerKey: string;
  callback: string;
  createdAtMs: number;
  verifier: string | null;
  userId: string | null;
}

export interface AccessTokenRecord {
  token: string;
  secret: string;
  consumerKey: string;
  userId: string;
  revoked: boolean;
}

export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

export class StandinState {
  world: SeedIndex;
  readonly requestTokens = new Map<string, RequestTokenRecord>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  /** X-Pixel-Token → the pixel it was issued for. */
  readonly pixelTokens = new Map<string, string>();
  readonly nonces: NonceCache;
  readonly conversions: ConversionLog;
  readonly conversionLimiter: RateLimiter;
  readonly readLimiter: RateLimiter;
  readonly faults: FaultInjector;
  /** Values the conversions endpoint refuses, chosen through the control API. */
  readonly rejectedValues = new ValueRejections();
  readonly requestLog: Array<{ at: string; method: string; path: string; status: number }> = [];
  /** Requests answered per "METHOD route-kind status", uncapped (the log above keeps the last 1000). */
  readonly requestTotals = new Map<string, number>();
  readonly timestampWindowMs: number;
  private clockOffsetMs = 0;

  constructor(private readonly options: StandinOptions = {}) {
    const windowMs = (options.rateLimit?.windowSeconds ?? 15 * 60) * 1000;
    this.timestampWindowMs = (options.timestampWindowSeconds ?? 300) * 1000;
    this.nonces = new NonceCache(this.timestampWindowMs);
    this.conversions = new ConversionLog(options.recordPayloads ?? true);
    this.conversionLimiter = new RateLimiter(options.rateLimit?.conversionsPerWindow ?? 60_000, windowMs);
    this.readLimiter = new RateLimiter(options.rateLimit?.readsPerWindow ?? 2_000, windowMs);
    this.faults = new FaultInjector(options.randomSeed ?? 1);
    this.world = new SeedIndex(options.seed ?? defaultSeed());
    this.loadSeed(this.world.seed);
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** Replaces the world and forgets everything that happened in the old one. */
  loadSeed(seed: StandinSeed): void {
    this.world = new SeedIndex(seed);
    for (const map of [this.requestTokens, this.accessTokens, this.pixelTokens]) map.clear();
    this.nonces.clear();
    this.conversions.clear();
    this.conversionLimiter.clear();
    this.readLimiter.clear();
    this.faults.clear();
    this.rejectedValues.clear();
    this.requestLog.length = 0;
    this.requestTotals.clear();
    this.clockOffsetMs = 0;
    for (const t of seed.accessTokens) this.accessTokens.set(t.token, { ...t, revoked: false });
  }

  /** Back to the seed the stand-in started with. */
  reset(): void {
    this.loadSeed(this.options.seed ?? defaultSeed());
  }

  issueAccessToken(userId: string, consumerKey: string): AccessTokenRecord {
    const record = {
      token: `${userId}-${randomToken(30)}`,
      secret: randomToken(32),
      consumerKey,
      userId,
      revoked: false,
    };
    this.accessTokens.set(record.token, record);
    return record;
  }

  /** What a user does in X's settings ("revoke app access"): every token of theirs dies. */
  revokeUserTokens(userId: string): number {
    let count = 0;
    for (const record of this.accessTokens.values()) {
      if (record.userId === userId && !record.revoked) {
        record.revoked = true;
        count += 1;
      }
    }
    return count;
  }

  issuePixelToken(pixelId: string): string {
    const token = `xpt_${randomToken(32)}`;
    this.pixelTokens.set(token, pixelId);
    return token;
  }

  logRequest(method: string, path: string, status: number): void {
    this.requestLog.push({ at: new Date(this.now()).toISOString(), method, path, status });
    if (this.requestLog.length > 1000) this.requestLog.splice(0, this.requestLog.length - 1000);
    const totalKey = `${method} ${path.split("?")[0]} ${status}`;
    this.requestTotals.set(totalKey, (this.requestTotals.get(totalKey) ?? 0) + 1);
  }

  /** Requests whose path contains `pathIncludes`, by status, since the start or the last reset. */
  requestsByStatus(pathIncludes: string): Map<number, number> {
    const byStatus = new Map<number, number>();
    for (const [key, n] of this.requestTotals) {
      const [, path = "", status = "0"] = key.split(" ");
      if (path.includes(pathIncludes)) byStatus.set(Number(status), (byStatus.get(Number(status)) ?? 0) + n);
    }
    return byStatus;
  }
}
