import type { XErrorEntry } from "./x-error";

/**
 * X's cursor paging on collection GETs (x-ads-api.md §4.4): `count` 1..1000 (default 200),
 * an opaque `cursor`, `next_cursor` null on the last page, and `with_total_count`, which X
 * forbids together with `cursor`.
 */

export type Page<T> =
  | { ok: true; data: T[]; nextCursor: string | null; totalCount: number | undefined }
  | { ok: false; error: XErrorEntry };

const DEFAULT_COUNT = 200;
const MAX_COUNT = 1000;

function encodeCursor(offset: number): string {
  return Buffer.from(`standin:${offset}`).toString("base64url");
}

function decodeCursor(cursor: string): number | null {
  const match = /^standin:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match ? Number(match[1]) : null;
}

export function paginate<T>(items: readonly T[], query: URLSearchParams): Page<T> {
  const countText = query.get("count");
  const count = countText === null ? DEFAULT_COUNT : Number(countText);
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    const message = `Expected Int between 1 and ${MAX_COUNT}, got "${countText}" for count`;
    return { ok: false, error: { code: "INVALID_PARAMETER", message, parameter: "count" } };
  }
  const cursor = query.get("cursor");
  const withTotal = query.get("with_total_count") === "true";
  if (cursor !== null && withTotal) {
    const message = "with_total_count and cursor are exclusive parameters";
    return { ok: false, error: { code: "EXCLUSIVE_PARAMETERS", message, parameter: "with_total_count" } };
  }
  const offset = cursor === null ? 0 : decodeCursor(cursor);
  if (offset === null) {
    return {
      ok: false,
      error: { code: "INVALID_PARAMETER", message: `Invalid cursor: "${cursor}"`, parameter: "cursor" },
    };
  }
  const data = items.slice(offset, offset + count);
  const nextCursor = offset + count < items.length ? encodeCursor(offset + count) : null;
  return { ok: true, data, nextCursor, totalCount: withTotal ? items.length : undefined };
}

/** X echoes the parsed query back in `request.params`: numbers as numbers, id lists as arrays. */
export function echoParams(query: URLSearchParams, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of query) {
    if (key.endsWith("_ids")) params[key] = value.split(",").filter(Boolean);
    else if (key === "count") params[key] = Number(value);
    else if (value === "true" || value === "false") params[key] = value === "true";
    else params[key] = value;
  }
  return { ...params, ...extra };
}
