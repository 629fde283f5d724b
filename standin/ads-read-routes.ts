import type { ServerResponse } from "node:http";
import type { StandinRequest } from "./http-io";
import { sendJson } from "./http-io";
import { echoParams, paginate } from "./paging";
import { rateLimitHeaders } from "./rate-limiter";
import type { SeedAccount, SeedEventTag } from "./seed-schema";
import type { StandinState } from "./standin-state";
import { xErrorBody } from "./x-error";

/**
 * The Ads API reads Sluice's setup wizard needs (x-ads-api.md §4): accounts, the caller's access
 * on one, and its web event tags. Each GET is rate-limited per user and route, and account routes
 * also per account, with both header families, as X documents for GETs.
 */

export interface ReadContext {
  state: StandinState;
  req: StandinRequest;
  res: ServerResponse;
  userId: string;
  route: string;
  accountId?: string;
}

function formatAccount(a: SeedAccount) {
  return {
    name: a.name,
    business_name: a.businessName,
    timezone: a.timezone,
    timezone_switch_at: a.createdAt,
    id: a.id,
    created_at: a.createdAt,
    updated_at: a.createdAt,
    business_id: null,
    approval_status: a.approvalStatus,
    deleted: a.deleted,
  };
}

function formatEventTag(t: SeedEventTag) {
  return {
    name: t.name,
    view_through_window: t.viewThroughWindow,
    click_window: t.clickWindow,
    embed_code: `<script>twq('event','tw-${t.pixelId}-${t.id}',{});</script>`,
    id: t.id,
    retargeting_enabled: false,
    last_tracked_at: null,
    status: t.status,
    type: t.type,
    website_tag_id: t.pixelId,
    deleted: t.deleted,
  };
}

/** Spends one read; on overflow answers 429 itself and returns null. */
function readHeaders({ state, res, userId, route, accountId }: ReadContext): Record<string, string> | null {
  const now = state.now();
  const keys: Array<["x-rate-limit" | "x-account-rate-limit", string]> = [["x-rate-limit", `user:${userId}:${route}`]];
  if (accountId !== undefined) keys.push(["x-account-rate-limit", `account:${accountId}:${route}`]);
  let headers: Record<string, string> = {};
  let limited = false;
  for (const [prefix, key] of keys) {
    const { allowed, state: window } = state.readLimiter.check(key, 1, now);
    limited ||= !allowed;
    headers = { ...headers, ...rateLimitHeaders(prefix, allowed ? state.readLimiter.consume(key, 1, now) : window) };
  }
  if (!limited) return headers;
  sendJson(res, 429, xErrorBody([{ code: "TOO_MANY_REQUESTS", message: "Rate limit exceeded" }]), headers);
  return null;
}

/** The account, if the caller may see it; otherwise answers X's 404 and returns null. */
function visibleAccount(ctx: ReadContext): SeedAccount | null {
  const id = ctx.accountId ?? "";
  const account = ctx.state.world.account(id);
  if (!account) {
    sendJson(
      ctx.res,
      404,
      xErrorBody([{ code: "NOT_FOUND", message: `Account ${id} was not found` }], { account_id: id }),
    );
    return null;
  }
  if (ctx.state.world.permissions(ctx.userId, id).length === 0) {
    const message = `User ${ctx.userId} does not have access to account ${id}`;
    sendJson(ctx.res, 404, xErrorBody([{ code: "NOT_FOUND", message }], { account_id: id }));
    return null;
  }
  return account;
}

export function listAccounts(ctx: ReadContext): void {
  const headers = readHeaders(ctx);
  if (!headers) return;
  const query = ctx.req.url.searchParams;
  const ids = query.get("account_ids")?.split(",").filter(Boolean);
  const prefix = query.get("q")?.toLowerCase();
  const withDeleted = query.get("with_deleted") === "true";
  const accounts = ctx.state.world
    .accountsOf(ctx.userId)
    .filter(
      (a) =>
        (withDeleted || !a.deleted) &&
        (!ids || ids.includes(a.id)) &&
        (!prefix || a.name.toLowerCase().startsWith(prefix)),
    );
  const page = paginate(accounts, query);
  if (!page.ok) return sendJson(ctx.res, 400, xErrorBody([page.error], echoParams(query)), headers);
  sendJson(
    ctx.res,
    200,
    {
      request: { params: echoParams(query) },
      ...(page.totalCount !== undefined ? { total_count: page.totalCount } : {}),
      next_cursor: page.nextCursor,
      data: page.data.map(formatAccount),
    },
    headers,
  );
}

export function getAccount(ctx: ReadContext): void {
  const headers = readHeaders(ctx);
  if (!headers) return;
  const account = visibleAccount(ctx);
  if (!account) return;
  sendJson(ctx.res, 200, { request: { params: { account_id: account.id } }, data: formatAccount(account) }, headers);
}

export function authenticatedUserAccess(ctx: ReadContext): void {
  const headers = readHeaders(ctx);
  if (!headers) return;
  const account = visibleAccount(ctx);
  if (!account) return;
  const permissions = ctx.state.world.permissions(ctx.userId, account.id);
  sendJson(
    ctx.res,
    200,
    { data: { user_id: ctx.userId, permissions }, request: { params: { account_id: account.id } } },
    headers,
  );
}

export function listWebEventTags(ctx: ReadContext): void {
  const headers = readHeaders(ctx);
  if (!headers) return;
  const account = visibleAccount(ctx);
  if (!account) return;
  const query = ctx.req.url.searchParams;
  const ids = query.get("web_event_tag_ids")?.split(",").filter(Boolean);
  const withDeleted = query.get("with_deleted") === "true";
  const tags = ctx.state.world
    .eventTagsOf(account.id)
    .filter((t) => (withDeleted || !t.deleted) && (!ids || ids.includes(t.id)));
  const params = echoParams(query, { account_id: account.id });
  const page = paginate(tags, query);
  if (!page.ok) return sendJson(ctx.res, 400, xErrorBody([page.error], params), headers);
  sendJson(
    ctx.res,
    200,
    {
      request: { params },
      ...(page.totalCount !== undefined ? { total_count: page.totalCount } : {}),
      next_cursor: page.nextCursor,
      data: page.data.map(formatEventTag),
    },
    headers,
  );
}
