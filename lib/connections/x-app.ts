import { resolveXAdsConfig, type OAuthConsumer, type XAdsConfig } from "@/lib/x-ads";
import type { Env } from "@/lib/config/env";
import { AppError } from "@/lib/errors";

/**
 * The X app Sluice acts as: where X lives and the app's consumer credentials (null when none are
 * configured; then only pixel access tokens can send). Built from the environment by the caller
 * (pages and routes pass getEnv()), so lib code and tests can hand in a stand-in's address.
 */
export interface XApp {
  config: XAdsConfig;
  consumer: OAuthConsumer | null;
}

type XEnv = Pick<Env, "X_ADS_API_BASE_URL" | "X_API_BASE_URL" | "X_CONSUMER_KEY" | "X_CONSUMER_SECRET">;

export function resolveXApp(env: XEnv): XApp {
  return {
    config: resolveXAdsConfig({ adsApiBaseUrl: env.X_ADS_API_BASE_URL, apiBaseUrl: env.X_API_BASE_URL }),
    consumer:
      env.X_CONSUMER_KEY && env.X_CONSUMER_SECRET ? { key: env.X_CONSUMER_KEY, secret: env.X_CONSUMER_SECRET } : null,
  };
}

/** The app's consumer credentials, for OAuth; a clear error when the server has none. */
export function requireConsumer(app: XApp): { config: XAdsConfig; consumer: OAuthConsumer } {
  if (!app.consumer) {
    throw new AppError(
      "CONFLICT",
      "No X app is configured on this server (X_CONSUMER_KEY and X_CONSUMER_SECRET), so X cannot be connected with OAuth. A pixel access token still works.",
    );
  }
  return { config: app.config, consumer: app.consumer };
}
