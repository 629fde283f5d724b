import type { ConversionsOutcome } from "./outcome";
/**
 * Where the client talks to and how long it waits. Real X by default; the demo and the tests
 * point both base URLs at the stand-in. Nothing here reads the environment: callers pass values
 * parsed once in lib/server/env.ts.
 */

export interface XAdsConfig {
  /** Ads API host: accounts, event tags, conversions. */
  adsApiBaseUrl: string;
  /** OAuth 1.0a endpoints and v1.1 (token invalidation). */
  apiBaseUrl: string;
  apiVersion: "12" | "11";
  /** Per request, covering connect, wait and the whole body. */
  timeoutMs: number;
  /** Told how long each conversions request took and how X answered (the worker's metrics). */
  observeConversions?: (seconds: number, outcome: ConversionsOutcome["kind"]) => void;
}

export const X_PRODUCTION_CONFIG: Readonly<XAdsConfig> = Object.freeze({
  adsApiBaseUrl: "https://ads-api.x.com",
  apiBaseUrl: "https://api.x.com",
  apiVersion: "12",
  timeoutMs: 30_000,
});

function baseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`${name} must be http(s)`);
  // A trailing slash would change the signed URL, so it is removed once here.
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

export function resolveXAdsConfig(overrides: Partial<XAdsConfig> = {}): XAdsConfig {
  const merged = { ...X_PRODUCTION_CONFIG, ...overrides };
  if (!Number.isFinite(merged.timeoutMs) || merged.timeoutMs <= 0)
    throw new Error("timeoutMs must be a positive number");
  return {
    ...merged,
    adsApiBaseUrl: baseUrl("adsApiBaseUrl", merged.adsApiBaseUrl),
    apiBaseUrl: baseUrl("apiBaseUrl", merged.apiBaseUrl),
  };
}
