import { afterAll, beforeAll, beforeEach } from "vitest";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { createStandinControl, type StandinControl } from "@/standin/standin-control";
import { startStandin, type RunningStandin, type StartStandinOptions } from "@/standin/start-standin";
import { createXAdsClient } from "./ads-api-client";
import { resolveXAdsConfig, type XAdsConfig } from "./config";

export const consumer = { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET };
export type SeedUserName = keyof typeof DEMO_ACCESS_TOKENS;
export const tokenOf = (who: SeedUserName) => ({
  key: DEMO_ACCESS_TOKENS[who].token,
  secret: DEMO_ACCESS_TOKENS[who].secret,
});

export interface XAdsTestFixture {
  /** The stand-in's base URL. */
  readonly url: string;
  /** Its control API (faults, recorded requests, received conversions); reset before each test. */
  readonly control: StandinControl;
  /** The client's settings, pointed at the stand-in. */
  readonly config: XAdsConfig;
  /** A client for the demo app as one of the seeded users ("manager" by default). */
  client(who?: SeedUserName, overrides?: Partial<XAdsConfig>): ReturnType<typeof createXAdsClient>;
}

/**
 * The one stand-in a lib/x-ads test file talks to, started before its tests and stopped after,
 * with its state reset before each test. Call once at the top of the file.
 */
export function startXAdsTestFixture(options: StartStandinOptions = {}): XAdsTestFixture {
  let standin: RunningStandin | undefined;
  let control: StandinControl | undefined;
  let config: XAdsConfig | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the stand-in has not started: use the fixture inside tests");
    return value;
  };
  beforeAll(async () => {
    standin = await startStandin({ port: 0, ...options });
    control = createStandinControl(standin.url);
    config = resolveXAdsConfig({ adsApiBaseUrl: standin.url, apiBaseUrl: standin.url, timeoutMs: 5_000 });
  });
  afterAll(() => standin?.stop());
  beforeEach(() => started(control).reset());
  return {
    get url() {
      return started(standin).url;
    },
    get control() {
      return started(control);
    },
    get config() {
      return started(config);
    },
    client: (who = "manager", overrides = {}) =>
      createXAdsClient({ config: { ...started(config), ...overrides }, consumer, token: tokenOf(who) }),
  };
}
