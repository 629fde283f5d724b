import type { SeedAccount, SeedEventTag, SeedGrant, StandinSeed } from "./seed-schema";

/**
 * The default world of the stand-in. Every value is fixed (no randomness, no clock) so tests,
 * the demo and the README can name them.
 */

export const DEMO_APP_NAME = "Sluice (demo)";
export const DEMO_CONSUMER_KEY = "sluice-demo-consumer-key";
export const DEMO_CONSUMER_SECRET = "sluice-demo-consumer-secret";
/** An app whose Ads API access was never approved: every Ads API call gets a 403. */
export const UNAPPROVED_CONSUMER_KEY = "sluice-unapproved-consumer-key";
export const UNAPPROVED_CONSUMER_SECRET = "sluice-unapproved-consumer-secret";

export const SEED_USERS = {
  admin: { id: "2417045708", screenName: "acme_admin", name: "Avery Admin" },
  manager: { id: "2417045709", screenName: "acme_marketer", name: "Morgan Marketer" },
  analyst: { id: "2417045710", screenName: "acme_analyst", name: "Ana Analyst" },
  newcomer: { id: "2417045711", screenName: "nico_newcomer", name: "Nico Newcomer" },
} as const;

export const SEED_ACCOUNTS = {
  store: "18ce54d4x5t",
  outlet: "18ce55abc01",
  labs: "18ce56xyz02",
} as const;

export const SEED_PIXELS = { store: "o8z6j", outlet: "p2k9d", labs: "q7m1a" } as const;

/** Event tags of the Acme Store pixel; `trial` is deleted, so it is hidden unless with_deleted. */
export const STORE_EVENTS = {
  purchase: "o87ne",
  signUp: "o87nf",
  addToCart: "o87ng",
  pageView: "o87nh",
  checkout: "o87ni",
  trial: "o87nj",
} as const;

/** How many extra "agency client" accounts the admin holds, so accounts span two pages of 200. */
export const AGENCY_ACCOUNT_COUNT = 247;

/** Fixed access tokens (shape `<user id>-<random>` like X's) for the demo app, one per user. */
export const DEMO_ACCESS_TOKENS = {
  admin: {
    token: "2417045708-demoAdminToken0000000000000000000000",
    secret: "demo-admin-token-secret-000000000000000000",
  },
  manager: {
    token: "2417045709-demoManagerToken00000000000000000000",
    secret: "demo-manager-token-secret-0000000000000000",
  },
  analyst: {
    token: "2417045710-demoAnalystToken00000000000000000000",
    secret: "demo-analyst-token-secret-0000000000000000",
  },
  newcomer: {
    token: "2417045711-demoNewcomerToken0000000000000000000",
    secret: "demo-newcomer-token-secret-000000000000000",
  },
} as const;

function account(id: string, name: string, createdAt: string): SeedAccount {
  return {
    id,
    name,
    businessName: null,
    timezone: "America/Los_Angeles",
    createdAt,
    approvalStatus: "ACCEPTED",
    deleted: false,
  };
}

function tag(id: string, pixelId: string, name: string, type: SeedEventTag["type"], deleted = false): SeedEventTag {
  return { id, pixelId, name, type, status: "TRACKING", clickWindow: 30, viewThroughWindow: 1, deleted };
}

/** The `index`-th agency client's account, its pixel and its purchase event, so syncs to many
 * accounts at once (a fleet) can be tested and measured. */
export function agencyClient(index: number): { adAccountId: string; pixelId: string; eventId: string } {
  if (!Number.isInteger(index) || index < 0 || index >= AGENCY_ACCOUNT_COUNT)
    throw new Error(`there are ${AGENCY_ACCOUNT_COUNT} agency clients`);
  const suffix = index.toString(36).padStart(4, "0");
  return { adAccountId: `18ce6${index.toString(36).padStart(6, "0")}`, pixelId: `a${suffix}`, eventId: `e${suffix}` };
}

function agencyAccounts(): SeedAccount[] {
  return Array.from({ length: AGENCY_ACCOUNT_COUNT }, (_, i) => {
    const id = agencyClient(i).adAccountId;
    const minute = String(i % 60).padStart(2, "0");
    const hour = String(Math.floor(i / 60)).padStart(2, "0");
    return account(id, `Agency client ${String(i + 1).padStart(3, "0")}`, `2023-03-01T${hour}:${minute}:00Z`);
  });
}

export function defaultSeed(): StandinSeed {
  const agency = agencyAccounts();
  const { admin, manager, analyst, newcomer } = SEED_USERS;
  const grants: SeedGrant[] = [
    { userId: admin.id, accountId: SEED_ACCOUNTS.store, permissions: ["ACCOUNT_ADMIN", "TWEET_COMPOSER"] },
    { userId: admin.id, accountId: SEED_ACCOUNTS.outlet, permissions: ["ACCOUNT_ADMIN"] },
    { userId: admin.id, accountId: SEED_ACCOUNTS.labs, permissions: ["ACCOUNT_ADMIN"] },
    ...agency.map((a): SeedGrant => ({ userId: admin.id, accountId: a.id, permissions: ["ACCOUNT_ADMIN"] })),
    { userId: manager.id, accountId: SEED_ACCOUNTS.store, permissions: ["AD_MANAGER", "TWEET_COMPOSER"] },
    { userId: manager.id, accountId: SEED_ACCOUNTS.outlet, permissions: ["AD_MANAGER"] },
    { userId: analyst.id, accountId: SEED_ACCOUNTS.store, permissions: ["ANALYST"] },
    { userId: analyst.id, accountId: SEED_ACCOUNTS.labs, permissions: ["ANALYST"] },
  ];
  const tokens = Object.entries(DEMO_ACCESS_TOKENS).map(([who, t]) => ({
    ...t,
    userId: SEED_USERS[who as keyof typeof SEED_USERS].id,
    consumerKey: DEMO_CONSUMER_KEY,
  }));
  return {
    apps: [
      {
        name: DEMO_APP_NAME,
        consumerKey: DEMO_CONSUMER_KEY,
        consumerSecret: DEMO_CONSUMER_SECRET,
        adsApiAccess: true,
        callbacks: "loopback",
      },
      {
        name: "Unapproved app",
        consumerKey: UNAPPROVED_CONSUMER_KEY,
        consumerSecret: UNAPPROVED_CONSUMER_SECRET,
        adsApiAccess: false,
        callbacks: "loopback",
      },
    ],
    users: [admin, manager, analyst, newcomer],
    accounts: [
      account(SEED_ACCOUNTS.store, "Acme Store", "2021-05-04T09:30:00Z"),
      account(SEED_ACCOUNTS.outlet, "Acme Outlet", "2021-06-10T14:00:00Z"),
      account(SEED_ACCOUNTS.labs, "Acme Labs", "2022-01-20T08:15:00Z"),
      ...agency,
    ],
    grants,
    pixels: [
      { id: SEED_PIXELS.store, accountId: SEED_ACCOUNTS.store },
      { id: SEED_PIXELS.outlet, accountId: SEED_ACCOUNTS.outlet },
      { id: SEED_PIXELS.labs, accountId: SEED_ACCOUNTS.labs },
      ...agency.map((_, i) => ({ id: agencyClient(i).pixelId, accountId: agencyClient(i).adAccountId })),
    ],
    eventTags: [
      tag(STORE_EVENTS.purchase, SEED_PIXELS.store, "Purchase", "PURCHASE"),
      tag(STORE_EVENTS.signUp, SEED_PIXELS.store, "Lead", "SIGN_UP"),
      tag(STORE_EVENTS.addToCart, SEED_PIXELS.store, "Add to cart", "ADD_TO_CART"),
      tag(STORE_EVENTS.pageView, SEED_PIXELS.store, "Page view", "SITE_VISIT"),
      tag(STORE_EVENTS.checkout, SEED_PIXELS.store, "Checkout", "CHECKOUT_INITIATED"),
      tag(STORE_EVENTS.trial, SEED_PIXELS.store, "Free trial (retired)", "START_TRIAL", true),
      tag("p3aa1", SEED_PIXELS.outlet, "Purchase", "PURCHASE"),
      tag("p3aa2", SEED_PIXELS.outlet, "Lead", "SIGN_UP"),
      tag("p3aa3", SEED_PIXELS.outlet, "Subscribe", "SUBSCRIBE"),
      tag("q8bb1", SEED_PIXELS.labs, "App download", "DOWNLOAD"),
      tag("q8bb2", SEED_PIXELS.labs, "Waitlist", "CUSTOM"),
      ...agency.map((_, i) => tag(agencyClient(i).eventId, agencyClient(i).pixelId, "Purchase", "PURCHASE")),
    ],
    accessTokens: tokens,
  };
}
