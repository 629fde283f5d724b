import type { XResult } from "./outcome";
import type { RateLimitInfo } from "./rate-limit-info";

/**
 * Walks X's cursor paging to the end: ask, pass `next_cursor` back as `cursor`, stop when it is
 * null. The first failure ends the walk and is returned as is. A page limit and a repeated-cursor
 * check keep a misbehaving server from looping us forever.
 */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export async function collectPages<T>(
  fetchPage: (cursor: string | null) => Promise<XResult<Page<T>>>,
  maxPages: number,
): Promise<XResult<T[]>> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  let rateLimit: RateLimitInfo | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const result: XResult<Page<T>> = await fetchPage(cursor);
    if (result.kind !== "ok") return result;
    items.push(...result.value.items);
    rateLimit = result.rateLimit;
    cursor = result.value.nextCursor;
    if (cursor === null) return { kind: "ok", value: items, rateLimit };
    if (seen.has(cursor)) break;
    seen.add(cursor);
  }
  const message = `X kept paging past ${maxPages} pages or repeated a cursor`;
  return {
    kind: "retryable",
    reason: "unexpected_response",
    status: null,
    retryAt: null,
    message,
    debugId: null,
    rateLimit,
  };
}
