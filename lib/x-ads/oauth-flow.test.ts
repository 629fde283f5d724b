import { describe, expect, it } from "vitest";
import { DEMO_APP_NAME, SEED_USERS } from "@/standin/seed";
import { createXAdsClient } from "./ads-api-client";
import { consumer, startXAdsTestFixture } from "./x-ads-test-fixture";
import { createXOAuthFlow } from "./oauth-flow";
import { createOAuthSigner } from "./oauth-signer";

// Contract tests: the real client against the stand-in over real HTTP.
const CALLBACK = "http://127.0.0.1:3000/api/x/callback";

const x = startXAdsTestFixture();

/** Submits the consent form as a browser would, returning where X redirects to. */
async function decide(requestToken: string, decision: "authorize" | "cancel", userId: string = SEED_USERS.admin.id) {
  const response = await fetch(`${x.url}/oauth/authorize`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ oauth_token: requestToken, user_id: userId, decision }).toString(),
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") ?? "");
}

async function requestToken(flow = createXOAuthFlow({ config: x.config, consumer })) {
  const result = await flow.requestToken(CALLBACK);
  if (result.kind !== "ok") throw new Error(`request token failed: ${result.kind}`);
  return result.value;
}

describe("three-legged OAuth against the stand-in", () => {
  it("runs the whole dance and the resulting token works on the Ads API", async () => {
    const flow = createXOAuthFlow({ config: x.config, consumer });
    const requested = await requestToken(flow);

    const authorizeUrl = flow.authorizeUrl(requested.token);
    expect(authorizeUrl).toBe(`${x.url}/oauth/authorize?oauth_token=${encodeURIComponent(requested.token)}`);
    const page = await (await fetch(authorizeUrl)).text();
    expect(page).toContain(`Authorize ${DEMO_APP_NAME} to access your account?`);
    for (const user of Object.values(SEED_USERS)) expect(page).toContain(`@${user.screenName}`);

    const callback = await decide(requested.token, "authorize", SEED_USERS.manager.id);
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
    expect(callback.searchParams.get("oauth_token")).toBe(requested.token);
    const verifier = callback.searchParams.get("oauth_verifier") ?? "";

    const access = await flow.accessToken(requested.token, requested.secret, verifier);
    expect(access).toMatchObject({
      kind: "ok",
      value: { userId: SEED_USERS.manager.id, screenName: SEED_USERS.manager.screenName },
    });
    if (access.kind !== "ok") return;
    expect(access.value.token.startsWith(`${SEED_USERS.manager.id}-`)).toBe(true);

    const client = createXAdsClient({
      config: x.config,
      consumer,
      token: { key: access.value.token, secret: access.value.secret },
    });
    const accounts = await client.listAccounts();
    expect(accounts.kind === "ok" && accounts.value.map((a) => a.name)).toEqual(["Acme Store", "Acme Outlet"]);

    // The request token bought one access token; it cannot buy a second.
    expect(await flow.accessToken(requested.token, requested.secret, verifier)).toMatchObject({
      kind: "auth_failure",
      reason: "unauthenticated",
    });
  });

  it("sends the user back with denied= when they cancel, and the request token is dead", async () => {
    const flow = createXOAuthFlow({ config: x.config, consumer });
    const requested = await requestToken(flow);
    const callback = await decide(requested.token, "cancel");
    expect(callback.searchParams.get("denied")).toBe(requested.token);
    expect(callback.searchParams.has("oauth_verifier")).toBe(false);
    expect(await flow.accessToken(requested.token, requested.secret, "anything")).toMatchObject({
      kind: "auth_failure",
    });
  });

  it("refuses a wrong verifier", async () => {
    const flow = createXOAuthFlow({ config: x.config, consumer });
    const requested = await requestToken(flow);
    await decide(requested.token, "authorize");
    expect(await flow.accessToken(requested.token, requested.secret, "not-the-verifier")).toMatchObject({
      kind: "auth_failure",
      reason: "unauthenticated",
      errors: [{ code: "89" }],
    });
  });

  it("refuses a callback URL the app has not registered", async () => {
    const result = await createXOAuthFlow({ config: x.config, consumer }).requestToken("https://evil.example/cb");
    expect(result).toMatchObject({ kind: "rejected", status: 403, errors: [{ code: "415" }] });
  });

  it("refuses a consumer secret that does not match", async () => {
    const result = await createXOAuthFlow({
      config: x.config,
      consumer: { ...consumer, secret: "wrong" },
    }).requestToken(CALLBACK);
    expect(result).toMatchObject({
      kind: "auth_failure",
      reason: "unauthenticated",
      status: 401,
      errors: [{ code: "32" }],
    });
  });

  it("invalidates an access token: afterwards X treats it as unauthenticated", async () => {
    const issued = await x.control.issueToken(SEED_USERS.admin.id);
    const token = { key: issued.oauth_token, secret: issued.oauth_token_secret };
    expect(await createXOAuthFlow({ config: x.config, consumer }).invalidateToken(token)).toMatchObject({ kind: "ok" });
    const accounts = await createXAdsClient({ config: x.config, consumer, token }).getAccountAccess("18ce54d4x5t");
    expect(accounts).toMatchObject({ kind: "auth_failure", reason: "unauthenticated", status: 401 });
  });
});

describe("request signatures as the stand-in checks them", () => {
  const url = () => `${x.url}/12/accounts/18ce54d4x5t`;
  const signed = async () => {
    const issued = await x.control.issueToken(SEED_USERS.admin.id);
    return {
      signer: createOAuthSigner(consumer),
      token: { key: issued.oauth_token, secret: issued.oauth_token_secret },
    };
  };
  const get = (authorization: string, target = url()) => fetch(target, { headers: { authorization } });

  it("accepts a correctly signed request", async () => {
    const { signer, token } = await signed();
    expect((await get(signer.authorizationHeader({ method: "GET", url: url() }, token))).status).toBe(200);
  });

  it("refuses a tampered signature with X's 401 body", async () => {
    const { signer, token } = await signed();
    const header = signer.authorizationHeader({ method: "GET", url: url() }, token);
    const tampered = header.replace(
      /oauth_signature="([^"]+)"/,
      (_, sig: string) => `oauth_signature="${sig.startsWith("A") ? "B" : "A"}${sig.slice(1)}"`,
    );
    const response = await get(tampered);
    expect(response.status).toBe(401);
    expect(response.headers.get("x-standin-auth-failure")).toBe("bad_signature");
    expect(await response.json()).toEqual({
      errors: [{ code: "UNAUTHORIZED_ACCESS", message: "This request is not properly authenticated" }],
      request: { params: {} },
    });
  });

  it("refuses a request whose URL was changed after signing", async () => {
    const { signer, token } = await signed();
    const header = signer.authorizationHeader({ method: "GET", url: url() }, token);
    const response = await get(header, `${x.url}/12/accounts/18ce55abc01`);
    expect(response.headers.get("x-standin-auth-failure")).toBe("bad_signature");
  });

  it("refuses a replayed nonce", async () => {
    const { signer, token } = await signed();
    const header = signer.authorizationHeader({ method: "GET", url: url() }, token);
    expect((await get(header)).status).toBe(200);
    const replay = await get(header);
    expect(replay.status).toBe(401);
    expect(replay.headers.get("x-standin-auth-failure")).toBe("replayed_nonce");
  });

  it("refuses a timestamp outside the window", async () => {
    const { signer, token } = await signed();
    const stale = signer.authorizationHeader({ method: "GET", url: url() }, token, {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    const response = await get(stale);
    expect(response.headers.get("x-standin-auth-failure")).toBe("bad_timestamp");
  });

  it("refuses a token signed with the wrong token secret", async () => {
    const { signer, token } = await signed();
    const response = await get(
      signer.authorizationHeader({ method: "GET", url: url() }, { ...token, secret: "guess" }),
    );
    expect(response.headers.get("x-standin-auth-failure")).toBe("bad_signature");
  });
});
