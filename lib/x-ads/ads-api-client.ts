import type { z } from "zod";
import { collectPages } from "./collect-pages";
import type { XAdsConfig } from "./config";
import type { OAuthConsumer, OAuthToken } from "./oauth-signer";
import { createOAuthSigner } from "./oauth-signer";
import type { ConversionsOutcome, XResult } from "./outcome";
import { accountSchema, pageSchema, userAccessSchema, webEventTagSchema } from "./response-schemas";
import type { ConversionBatch, RequestOptions } from "./send-conversions";
import { sendConversions } from "./send-conversions";
import { classifyFailure, sendXRequest, unexpectedResponse } from "./x-request";

/**
 * The Ads API as the setup wizard and the sync engine use it, for one X user's OAuth token:
 * the ad accounts they can reach (all pages), their role on one, its web event tags (all pages),
 * and sending conversions.
 */

export interface XAdAccount {
  id: string;
  name: string;
  businessName: string | null;
  timezone: string;
  approvalStatus: string;
  deleted: boolean;
  createdAt: string;
}

export interface XAccountAccess {
  userId: string;
  permissions: string[];
  /** Sending conversions with OAuth needs AD_MANAGER or ACCOUNT_ADMIN (x-ads-api.md §3.1). */
  canSendConversions: boolean;
}

export interface XWebEventTag {
  id: string;
  name: string;
  type: string;
  status: string;
  /** `website_tag_id`: the pixel the event belongs to, used in the conversions URL. */
  pixelId: string;
  clickWindow: number;
  viewThroughWindow: number;
  deleted: boolean;
  lastTrackedAt: string | null;
}

export interface ListOptions extends RequestOptions {
  /** X's `count`: 1..1000, default 200. */
  pageSize?: number;
  /** Safety stop; default 100 pages. */
  maxPages?: number;
  withDeleted?: boolean;
}

export interface XAdsClient {
  listAccounts(options?: ListOptions): Promise<XResult<XAdAccount[]>>;
  getAccountAccess(accountId: string, options?: RequestOptions): Promise<XResult<XAccountAccess>>;
  listWebEventTags(accountId: string, options?: ListOptions): Promise<XResult<XWebEventTag[]>>;
  sendConversions(pixelId: string, conversions: ConversionBatch, options?: RequestOptions): Promise<ConversionsOutcome>;
}

export interface XAdsClientInput {
  config: XAdsConfig;
  consumer: OAuthConsumer;
  token: OAuthToken;
}

export function createXAdsClient({ config, consumer, token }: XAdsClientInput): XAdsClient {
  const signer = createOAuthSigner(consumer);

  async function get<S extends z.ZodType>(
    path: string,
    query: Record<string, string>,
    schema: S,
    what: string,
    options: RequestOptions,
  ): Promise<XResult<z.infer<S>>> {
    const url = new URL(`${config.adsApiBaseUrl}/${config.apiVersion}${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const authorization = signer.authorizationHeader({ method: "GET", url: url.toString() }, token);
    const result = await sendXRequest({
      method: "GET",
      url: url.toString(),
      headers: { authorization, accept: "application/json" },
      timeoutMs: options.timeoutMs ?? config.timeoutMs,
      signal: options.signal,
    });
    if (!result.ok) return result.failure;
    const { response } = result;
    if (response.status !== 200) return classifyFailure(response);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) return unexpectedResponse(response, what);
    return { kind: "ok", value: parsed.data, rateLimit: response.rateLimit };
  }

  function listAll<T, S extends z.ZodType>(path: string, item: S, map: (raw: z.infer<S>) => T, options: ListOptions) {
    const schema = pageSchema(item);
    return collectPages<T>(async (cursor) => {
      const query: Record<string, string> = { count: String(options.pageSize ?? 200) };
      if (cursor !== null) query.cursor = cursor;
      if (options.withDeleted) query.with_deleted = "true";
      const page = await get(path, query, schema, "a page of results", options);
      if (page.kind !== "ok") return page;
      const value = { items: page.value.data.map((raw) => map(raw)), nextCursor: page.value.next_cursor ?? null };
      return { kind: "ok", value, rateLimit: page.rateLimit };
    }, options.maxPages ?? 100);
  }

  return {
    listAccounts(options = {}) {
      return listAll(
        "/accounts",
        accountSchema,
        (a): XAdAccount => ({
          id: a.id,
          name: a.name,
          businessName: a.business_name ?? null,
          timezone: a.timezone,
          approvalStatus: a.approval_status,
          deleted: a.deleted,
          createdAt: a.created_at,
        }),
        options,
      );
    },

    async getAccountAccess(accountId, options = {}) {
      const path = `/accounts/${encodeURIComponent(accountId)}/authenticated_user_access`;
      const result = await get(path, {}, userAccessSchema, "an access description", options);
      if (result.kind !== "ok") return result;
      const { user_id: userId, permissions } = result.value.data;
      const canSendConversions = permissions.includes("ACCOUNT_ADMIN") || permissions.includes("AD_MANAGER");
      return { kind: "ok", value: { userId, permissions, canSendConversions }, rateLimit: result.rateLimit };
    },

    listWebEventTags(accountId, options = {}) {
      return listAll(
        `/accounts/${encodeURIComponent(accountId)}/web_event_tags`,
        webEventTagSchema,
        (t): XWebEventTag => ({
          id: t.id,
          name: t.name,
          type: t.type,
          status: t.status,
          pixelId: t.website_tag_id,
          clickWindow: t.click_window,
          viewThroughWindow: t.view_through_window,
          deleted: t.deleted,
          lastTrackedAt: t.last_tracked_at ?? null,
        }),
        options,
      );
    },

    sendConversions(pixelId, conversions, options) {
      return sendConversions(config, { kind: "oauth", consumer, token }, pixelId, conversions, options);
    },
  };
}

/** For an Events Manager pixel token: it can send conversions and nothing else. */
export function createPixelTokenClient({ config, pixelToken }: { config: XAdsConfig; pixelToken: string }) {
  return {
    sendConversions(
      pixelId: string,
      conversions: ConversionBatch,
      options?: RequestOptions,
    ): Promise<ConversionsOutcome> {
      return sendConversions(config, { kind: "pixel_token", pixelToken }, pixelId, conversions, options);
    },
  };
}
