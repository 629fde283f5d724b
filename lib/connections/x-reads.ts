import type { XAccountAccess, XAdAccount, XAdsClient, XFailure, XWebEventTag } from "@/lib/x-ads";
import { describeXFailure, xFailureRemedy, type XFailureRemedy } from "./describe-x-failure";
import { TtlCache } from "./ttl-cache";

/**
 * Cached reads from X for the wizard, keyed by connection. Lists are kept for five minutes: the
 * account list is one of X's "global reads" (5 per 15 minutes per token), and a person searching
 * and paging through 250 accounts must not spend them. When X refuses a refresh, the last list is
 * shown with a notice rather than nothing.
 */
const READ_TTL_MS = 5 * 60 * 1000;

const globalCaches = globalThis as unknown as {
  sluiceXReads?: { accounts: TtlCache<XAdAccount[]>; access: TtlCache<XAccountAccess>; tags: TtlCache<XWebEventTag[]> };
};
const caches = (globalCaches.sluiceXReads ??= {
  accounts: new TtlCache<XAdAccount[]>(READ_TTL_MS),
  access: new TtlCache<XAccountAccess>(READ_TTL_MS, 5_000),
  tags: new TtlCache<XWebEventTag[]>(READ_TTL_MS),
});

export type XRead<T> =
  | { ok: true; value: T; fetchedAt: Date; notice: string | null }
  | { ok: false; message: string; remedy: XFailureRemedy };

class XReadFailure extends Error {
  constructor(readonly failure: XFailure) {
    super(failure.kind);
  }
}

async function cachedRead<T>(
  cache: TtlCache<T>,
  key: string,
  doing: string,
  load: () => Promise<{ kind: "ok"; value: T } | XFailure>,
  refresh = false,
): Promise<XRead<T>> {
  try {
    const entry = await cache.get(
      key,
      async () => {
        const result = await load();
        if (result.kind !== "ok") throw new XReadFailure(result);
        return result.value;
      },
      { refresh },
    );
    return { ok: true, value: entry.value, fetchedAt: entry.fetchedAt, notice: null };
  } catch (error) {
    if (!(error instanceof XReadFailure)) throw error;
    const message = describeXFailure(error.failure, doing);
    const stale = cache.stale(key);
    return stale
      ? {
          ok: true,
          value: stale.value,
          fetchedAt: stale.fetchedAt,
          notice: `Showing the list from ${stale.fetchedAt.toISOString().slice(11, 16)} UTC. ${message}`,
        }
      : { ok: false, message, remedy: xFailureRemedy(error.failure) };
  }
}

export function readAdAccounts(
  connectionId: string,
  client: XAdsClient,
  options: { refresh?: boolean } = {},
): Promise<XRead<XAdAccount[]>> {
  return cachedRead(
    caches.accounts,
    connectionId,
    "listing your ad accounts",
    () => client.listAccounts({ pageSize: 1000 }),
    options.refresh,
  );
}

export function readAccountAccess(
  connectionId: string,
  client: XAdsClient,
  accountId: string,
): Promise<XRead<XAccountAccess>> {
  return cachedRead(caches.access, `${connectionId}:${accountId}`, "checking your access", () =>
    client.getAccountAccess(accountId),
  );
}

export function readEventTags(
  connectionId: string,
  client: XAdsClient,
  accountId: string,
  options: { refresh?: boolean } = {},
): Promise<XRead<XWebEventTag[]>> {
  return cachedRead(
    caches.tags,
    `${connectionId}:${accountId}`,
    "listing the account's events",
    () => client.listWebEventTags(accountId),
    options.refresh,
  );
}

/** After a reconnect or disconnect, what was read with the old token is no longer trusted. */
export function forgetXReads(connectionId: string): void {
  caches.accounts.delete(connectionId);
  caches.access.delete(`${connectionId}:`);
  caches.tags.delete(`${connectionId}:`);
}
