import type { RecordedConversion } from "./conversion-log";
import type { FaultRule, FaultRuleInput } from "./faults";
import type { StandinSeed } from "./seed-schema";
import type { ValueRejectionsInput } from "./value-rejections";

/**
 * A typed client for the stand-in's /_standin/ control API, over real HTTP, for tests, the demo
 * and end-to-end specs that run the stand-in in another process.
 */

export interface ConversionListing {
  total: number;
  unique: number;
  duplicates: number;
  offset: number;
  conversions: RecordedConversion[];
}

export interface IssuedToken {
  oauth_token: string;
  oauth_token_secret: string;
  user_id: string;
  screen_name: string;
}

export function createStandinControl(baseUrl: string) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${baseUrl}/_standin${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`stand-in control ${method} ${path} failed: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  return {
    reset: () => call<{ ok: true }>("POST", "/reset"),
    seed: (seed: StandinSeed | { preset: "default" }) => call<{ ok: true }>("POST", "/seed", seed),
    currentSeed: () => call<StandinSeed>("GET", "/seed"),
    conversions: (
      filter: { pixel_id?: string; event_id?: string; conversion_id?: string; offset?: number; limit?: number } = {},
    ) => {
      const query = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)]));
      return call<ConversionListing>("GET", `/conversions?${query}`);
    },
    requests: () =>
      call<{ requests: Array<{ at: string; method: string; path: string; status: number }> }>("GET", "/requests"),
    addFault: (rule: FaultRuleInput) => call<FaultRule>("POST", "/faults", rule),
    faults: () => call<{ faults: FaultRule[] }>("GET", "/faults"),
    clearFaults: () => call<{ ok: true }>("DELETE", "/faults"),
    /** From now on, X refuses every conversion carrying one of these values, naming the value. */
    rejectValues: (values: ValueRejectionsInput["values"]) =>
      call<ValueRejectionsInput>("POST", "/rejections", { values }),
    rejections: () => call<ValueRejectionsInput>("GET", "/rejections"),
    clearRejections: () => call<{ ok: true }>("DELETE", "/rejections"),
    issueToken: (userId: string, consumerKey?: string) =>
      call<IssuedToken>("POST", "/tokens", { user_id: userId, ...(consumerKey ? { consumer_key: consumerKey } : {}) }),
    revokeUserTokens: (userId: string) => call<{ revoked: number }>("POST", "/tokens/revoke", { user_id: userId }),
    issuePixelToken: (pixelId: string) =>
      call<{ token: string; pixel_id: string }>("POST", "/pixel-tokens", { pixel_id: pixelId }),
    advanceClock: (seconds: number) => call<{ now: string }>("POST", "/clock", { advance_seconds: seconds }),
    setRateLimit: (limits: { conversions_per_window?: number; reads_per_window?: number }) =>
      call<{ conversions_per_window: number; reads_per_window: number }>("POST", "/rate-limit", limits),
  };
}

export type StandinControl = ReturnType<typeof createStandinControl>;
