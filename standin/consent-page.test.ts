import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resolveXAdsConfig } from "@/lib/x-ads/config";
import { createXOAuthFlow } from "@/lib/x-ads/oauth-flow";
import { defaultSeed, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SEED_USERS } from "./seed";
import type { StandinControl } from "./standin-control";
import { createStandinControl } from "./standin-control";
import type { RunningStandin } from "./start-standin";
import { startStandin } from "./start-standin";

let standin: RunningStandin;
let control: StandinControl;

beforeAll(async () => {
  standin = await startStandin({ port: 0 });
  control = createStandinControl(standin.url);
});
afterAll(() => standin.stop());
beforeEach(() => control.reset());

const flow = () =>
  createXOAuthFlow({
    config: resolveXAdsConfig({ adsApiBaseUrl: standin.url, apiBaseUrl: standin.url }),
    consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
  });

async function requestToken(callback: string) {
  const result = await flow().requestToken(callback);
  if (result.kind !== "ok") throw new Error(result.kind);
  return result.value;
}

async function page(path: string) {
  const response = await fetch(`${standin.url}${path}`);
  return { status: response.status, html: await response.text() };
}

describe("the consent page", () => {
  it("names the app, labels every choice and offers Authorize and Cancel buttons", async () => {
    const { token } = await requestToken("http://localhost:3000/cb");
    const { status, html } = await page(`/oauth/authorize?oauth_token=${token}`);
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<legend>Sign in as</legend>");
    expect(html.match(/<label><input type="radio" name="user_id"/g)).toHaveLength(4);
    expect(html).toContain(
      '<button class="primary" type="submit" name="decision" value="authorize">Authorize app</button>',
    );
    expect(html).toMatch(
      /<button class="secondary" type="submit" name="decision" value="cancel"[^>]*>Cancel<\/button>/,
    );
  });

  it("preselects the user named by screen_name", async () => {
    const { token } = await requestToken("http://localhost:3000/cb");
    const { html } = await page(`/oauth/authorize?oauth_token=${token}&screen_name=${SEED_USERS.analyst.screenName}`);
    expect(html).toContain(`value="${SEED_USERS.analyst.id}" checked`);
  });

  it("escapes names taken from the seed", async () => {
    const seed = defaultSeed();
    seed.apps = seed.apps.map((a) =>
      a.consumerKey === DEMO_CONSUMER_KEY ? { ...a, name: `<script>alert("x")</script>` } : a,
    );
    await control.seed(seed);
    const { token } = await requestToken("http://localhost:3000/cb");
    const { html } = await page(`/oauth/authorize?oauth_token=${token}`);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#60;script&#62;");
  });

  it("says the page is no longer valid for an unknown or expired request token", async () => {
    expect((await page("/oauth/authorize?oauth_token=nope")).status).toBe(400);
    const { token } = await requestToken("http://localhost:3000/cb");
    await control.advanceClock(16 * 60);
    const expired = await page(`/oauth/authorize?oauth_token=${token}`);
    expect(expired.status).toBe(400);
    expect(expired.html).toContain("This page is no longer valid");
  });

  it("shows a PIN for oob callers, and the PIN works as the verifier", async () => {
    const requested = await requestToken("oob");
    const response = await fetch(`${standin.url}/oauth/authorize`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        oauth_token: requested.token,
        user_id: SEED_USERS.admin.id,
        decision: "authorize",
      }).toString(),
    });
    const pin = /<strong[^>]*id="pin">(\d{7})<\/strong>/.exec(await response.text())?.[1];
    expect(pin).toBeDefined();
    const access = await flow().accessToken(requested.token, requested.secret, pin ?? "");
    expect(access).toMatchObject({
      kind: "ok",
      value: { userId: SEED_USERS.admin.id, screenName: SEED_USERS.admin.screenName },
    });
  });
});
