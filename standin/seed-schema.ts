import { z } from "zod";

/**
 * The shape of the stand-in's world: registered apps, X users, ad accounts, who may do what on
 * which account, pixels and their event tags. One zod schema, so `POST /_standin/seed` validates
 * exactly what `startStandin({ seed })` accepts.
 */

export const X_PERMISSIONS = [
  "ACCOUNT_ADMIN",
  "AD_MANAGER",
  "CREATIVE_MANAGER",
  "CAMPAIGN_ANALYST",
  "ANALYST",
  "PARTNER_AUDIENCE_MANAGER",
  "TWEET_COMPOSER",
] as const;
export type XPermission = (typeof X_PERMISSIONS)[number];

export const WEB_EVENT_TAG_TYPES = [
  "ADDED_PAYMENT_INFO",
  "ADD_TO_CART",
  "ADD_TO_WISHLIST",
  "CHECKOUT_INITIATED",
  "CONTENT_VIEW",
  "CUSTOM",
  "DOWNLOAD",
  "PRODUCT_CUSTOMIZATION",
  "PURCHASE",
  "SEARCH",
  "SIGN_UP",
  "SITE_VISIT",
  "START_TRIAL",
  "SUBSCRIBE",
] as const;

const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

export const seedAppSchema = z.object({
  name: z.string().min(1),
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
  /** false models an app whose Ads API access form was never approved (403 on every Ads call). */
  adsApiAccess: z.boolean(),
  /** "loopback" = any http://127.0.0.1 or http://localhost URL (the demo app); else an allowlist. */
  callbacks: z.union([z.literal("loopback"), z.array(z.url())]),
});

export const seedUserSchema = z.object({
  id: z.string().regex(/^\d+$/),
  screenName: z.string().min(1),
  name: z.string().min(1),
});

export const seedAccountSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  businessName: z.string().nullable(),
  timezone: z.string(),
  createdAt: isoTime,
  approvalStatus: z.string(),
  deleted: z.boolean(),
});

export const seedGrantSchema = z.object({
  userId: z.string(),
  accountId: z.string(),
  permissions: z.array(z.enum(X_PERMISSIONS)).min(1),
});

export const seedPixelSchema = z.object({ id: z.string().min(1), accountId: z.string() });

export const seedEventTagSchema = z.object({
  id: z.string().min(1),
  pixelId: z.string(),
  name: z.string(),
  type: z.enum(WEB_EVENT_TAG_TYPES),
  status: z.string(),
  clickWindow: z.number().int(),
  viewThroughWindow: z.number().int(),
  deleted: z.boolean(),
});

/** Fixed tokens so scripts and demos can call the stand-in without the browser dance. */
export const seedAccessTokenSchema = z.object({
  token: z.string().min(1),
  secret: z.string().min(1),
  userId: z.string(),
  consumerKey: z.string(),
});

export const standinSeedSchema = z.object({
  apps: z.array(seedAppSchema),
  users: z.array(seedUserSchema),
  accounts: z.array(seedAccountSchema),
  grants: z.array(seedGrantSchema),
  pixels: z.array(seedPixelSchema),
  eventTags: z.array(seedEventTagSchema),
  accessTokens: z.array(seedAccessTokenSchema),
});

export type SeedApp = z.infer<typeof seedAppSchema>;
export type SeedUser = z.infer<typeof seedUserSchema>;
export type SeedAccount = z.infer<typeof seedAccountSchema>;
export type SeedGrant = z.infer<typeof seedGrantSchema>;
export type SeedPixel = z.infer<typeof seedPixelSchema>;
export type SeedEventTag = z.infer<typeof seedEventTagSchema>;
export type SeedAccessToken = z.infer<typeof seedAccessTokenSchema>;
export type StandinSeed = z.infer<typeof standinSeedSchema>;
