import type { XAdsClient } from "@/lib/x-ads";
import { describeAccess } from "./describe-access";
import type { XFailureRemedy } from "./describe-x-failure";
import { readAccountAccess, readAdAccounts } from "./x-reads";

export interface AdAccountView {
  id: string;
  name: string;
  timezone: string;
  /** "Account admin"; null when X could not tell. */
  accessLevel: string | null;
  canSendConversions: boolean;
  /** Why it cannot be chosen (role too low, or X could not be asked). */
  disabledReason: string | null;
}

export type AdAccountPage =
  | {
      ok: true;
      accounts: AdAccountView[];
      total: number;
      matching: number;
      page: number;
      pageCount: number;
      fetchedAt: string;
      notice: string | null;
    }
  | { ok: false; message: string; remedy: XFailureRemedy };

export const AD_ACCOUNT_PAGE_SIZE = 20;
const ACCESS_CONCURRENCY = 5;

/**
 * One page of the connected user's ad accounts, searched by name or id, with their role on each.
 * The whole list comes from the cache (all of X's pages); roles are asked only for the accounts on
 * the page shown, a few at a time, since an agency user may hold hundreds.
 */
export async function listAdAccountPage(
  connectionId: string,
  client: XAdsClient,
  options: { q?: string; page?: number; refresh?: boolean } = {},
): Promise<AdAccountPage> {
  const list = await readAdAccounts(connectionId, client, { refresh: options.refresh });
  if (!list.ok) return list;
  const q = options.q?.trim().toLowerCase() ?? "";
  const matching = list.value
    .filter((account) => !q || account.name.toLowerCase().includes(q) || account.id.toLowerCase().includes(q))
    .sort((a, b) => a.name.localeCompare(b.name, "en") || a.id.localeCompare(b.id));
  const pageCount = Math.max(1, Math.ceil(matching.length / AD_ACCOUNT_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.trunc(options.page ?? 1) || 1), pageCount);
  const shown = matching.slice((page - 1) * AD_ACCOUNT_PAGE_SIZE, page * AD_ACCOUNT_PAGE_SIZE);
  const accounts = await mapLimited(shown, ACCESS_CONCURRENCY, async (account): Promise<AdAccountView> => {
    const access = await readAccountAccess(connectionId, client, account.id);
    if (!access.ok)
      return {
        id: account.id,
        name: account.name,
        timezone: account.timezone,
        accessLevel: null,
        canSendConversions: false,
        disabledReason: access.message,
      };
    const described = describeAccess(access.value.permissions);
    return {
      id: account.id,
      name: account.name,
      timezone: account.timezone,
      accessLevel: described.level,
      canSendConversions: described.canSendConversions,
      disabledReason: described.reason,
    };
  });
  return {
    ok: true,
    accounts,
    total: list.value.length,
    matching: matching.length,
    page,
    pageCount,
    fetchedAt: list.fetchedAt.toISOString(),
    notice: list.notice,
  };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
