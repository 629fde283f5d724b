import { describe, expect, it } from "vitest";
import {
  AGENCY_ACCOUNT_COUNT,
  DEMO_ACCESS_TOKENS,
  SEED_ACCOUNTS,
  SEED_PIXELS,
  SEED_USERS,
  STORE_EVENTS,
  UNAPPROVED_CONSUMER_KEY,
  UNAPPROVED_CONSUMER_SECRET,
} from "@/standin/seed";
import { createXAdsClient } from "./ads-api-client";
import { consumer, startXAdsTestFixture, tokenOf } from "./x-ads-test-fixture";
import { createOAuthSigner } from "./oauth-signer";

const x = startXAdsTestFixture();

const client = x.client;

async function accountPagesRequested(): Promise<string[]> {
  const { requests } = await x.control.requests();
  return requests.filter((r) => r.path.startsWith("/12/accounts?")).map((r) => r.path);
}

describe("listing ad accounts", () => {
  it("follows next_cursor across pages of 200 until every account is listed", async () => {
    const result = await client("admin").listAccounts();
    expect(result.kind).toBe("ok");
    if (result.kind !== "ok") return;
    expect(result.value).toHaveLength(3 + AGENCY_ACCOUNT_COUNT);
    expect(new Set(result.value.map((a) => a.id)).size).toBe(250);
    expect(result.value[0]).toEqual({
      id: SEED_ACCOUNTS.store,
      name: "Acme Store",
      businessName: null,
      timezone: "America/Los_Angeles",
      approvalStatus: "ACCEPTED",
      deleted: false,
      createdAt: "2021-05-04T09:30:00Z",
    });
    expect(await accountPagesRequested()).toHaveLength(2);
    expect(result.rateLimit).toMatchObject({ source: "x-rate-limit", limit: 2000, remaining: 1998 });
  });

  it("honours a smaller page size", async () => {
    const result = await client("admin").listAccounts({ pageSize: 60 });
    expect(result.kind === "ok" && result.value.length).toBe(250);
    expect(await accountPagesRequested()).toHaveLength(5);
  });

  it("lists only the accounts each user can reach", async () => {
    const names = async (who: keyof typeof DEMO_ACCESS_TOKENS) => {
      const result = await client(who).listAccounts();
      return result.kind === "ok" ? result.value.map((a) => a.name) : result.kind;
    };
    expect(await names("manager")).toEqual(["Acme Store", "Acme Outlet"]);
    expect(await names("analyst")).toEqual(["Acme Store", "Acme Labs"]);
    expect(await names("newcomer")).toEqual([]);
  });

  it("works the same on API version 11", async () => {
    const result = await client("manager", { apiVersion: "11" }).listAccounts();
    expect(result.kind === "ok" && result.value).toHaveLength(2);
    const { requests } = await x.control.requests();
    expect(requests.at(-1)?.path.startsWith("/11/accounts?")).toBe(true);
  });
});

describe("access level on an account", () => {
  it("reports the user's permissions and whether they may send conversions", async () => {
    expect(await client("admin").getAccountAccess(SEED_ACCOUNTS.store)).toMatchObject({
      kind: "ok",
      value: {
        userId: SEED_USERS.admin.id,
        permissions: ["ACCOUNT_ADMIN", "TWEET_COMPOSER"],
        canSendConversions: true,
      },
      rateLimit: { source: "x-account-rate-limit" },
    });
    expect(await client("manager").getAccountAccess(SEED_ACCOUNTS.store)).toMatchObject({
      kind: "ok",
      value: { canSendConversions: true },
    });
    expect(await client("analyst").getAccountAccess(SEED_ACCOUNTS.store)).toMatchObject({
      kind: "ok",
      value: { permissions: ["ANALYST"], canSendConversions: false },
    });
  });

  it("classifies an account the user cannot reach as an access failure", async () => {
    expect(await client("manager").getAccountAccess(SEED_ACCOUNTS.labs)).toMatchObject({
      kind: "auth_failure",
      reason: "insufficient_access",
      status: 404,
    });
  });
});

describe("web event tags", () => {
  it("lists every live event tag across pages, with its pixel", async () => {
    const result = await client("manager").listWebEventTags(SEED_ACCOUNTS.store, { pageSize: 2 });
    expect(result.kind).toBe("ok");
    if (result.kind !== "ok") return;
    expect(result.value.map((t) => [t.id, t.type])).toEqual([
      [STORE_EVENTS.purchase, "PURCHASE"],
      [STORE_EVENTS.signUp, "SIGN_UP"],
      [STORE_EVENTS.addToCart, "ADD_TO_CART"],
      [STORE_EVENTS.pageView, "SITE_VISIT"],
      [STORE_EVENTS.checkout, "CHECKOUT_INITIATED"],
    ]);
    expect(new Set(result.value.map((t) => t.pixelId))).toEqual(new Set([SEED_PIXELS.store]));
    const { requests } = await x.control.requests();
    expect(requests.filter((r) => r.path.includes("/web_event_tags?"))).toHaveLength(3);
  });

  it("includes deleted tags only when asked", async () => {
    const result = await client("manager").listWebEventTags(SEED_ACCOUNTS.store, { withDeleted: true });
    expect(result.kind === "ok" && result.value.filter((t) => t.deleted).map((t) => t.id)).toEqual([
      STORE_EVENTS.trial,
    ]);
  });
});

describe("refusals on the Ads API", () => {
  it("answers 403 UNAUTHORIZED_CLIENT_APPLICATION to an app without Ads API access", async () => {
    const issued = await x.control.issueToken(SEED_USERS.admin.id, UNAPPROVED_CONSUMER_KEY);
    const unapproved = createXAdsClient({
      config: x.config,
      consumer: { key: UNAPPROVED_CONSUMER_KEY, secret: UNAPPROVED_CONSUMER_SECRET },
      token: { key: issued.oauth_token, secret: issued.oauth_token_secret },
    });
    expect(await unapproved.listAccounts()).toMatchObject({
      kind: "auth_failure",
      reason: "app_not_authorized",
      status: 403,
      errors: [
        {
          code: "UNAUTHORIZED_CLIENT_APPLICATION",
          message:
            "The client application making this request does not have access to Twitter Ads API. Ensure your application has advertiser-api access.",
        },
      ],
    });
  });

  it("answers an unknown route with 404 ROUTE_NOT_FOUND and the current version header", async () => {
    const url = `${x.url}/12/accounts/${SEED_ACCOUNTS.store}/line_items`;
    const authorization = createOAuthSigner(consumer).authorizationHeader({ method: "GET", url }, tokenOf("admin"));
    const response = await fetch(url, { headers: { authorization } });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-current-api-version")).toBe("12");
    expect(await response.json()).toMatchObject({
      errors: [{ code: "ROUTE_NOT_FOUND", message: "The requested resource could not be found" }],
    });
  });

  it("rate-limits reads and says when the window resets", async () => {
    await x.control.setRateLimit({ reads_per_window: 2 });
    const admin = client("admin");
    await admin.getAccountAccess(SEED_ACCOUNTS.store);
    const second = await admin.getAccountAccess(SEED_ACCOUNTS.store);
    const third = await admin.getAccountAccess(SEED_ACCOUNTS.store);
    expect(second).toMatchObject({ kind: "ok", rateLimit: { remaining: 0 } });
    expect(third).toMatchObject({ kind: "rate_limited", status: 429, errors: [{ code: "TOO_MANY_REQUESTS" }] });
    if (third.kind !== "rate_limited" || second.kind !== "ok") return;
    expect(third.retryAt).toEqual(second.rateLimit?.resetAt);
  });
});
