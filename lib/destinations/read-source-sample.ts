import type { Db } from "@/lib/db/client";
import { openSourceReader } from "@/lib/sources/open-source-reader";
import { withSourceErrors } from "@/lib/sources/source-error-to-app-error";
import type { SourceSample } from "@/lib/sources/types";

/** How many rows the mapping table and the preview look at. */
export const PREVIEW_ROWS = 20;
// A preview should answer quickly; a slow query shows its error rather than hanging the page.
const PREVIEW_STATEMENT_TIMEOUT_MS = 15_000;

/** The first rows of a saved source, with its columns, through the same reader the sync uses. */
export async function readSourceSample(db: Db, sourceId: string, limit = PREVIEW_ROWS): Promise<SourceSample> {
  return withSourceErrors(async () => {
    const reader = await openSourceReader(db, sourceId, { statementTimeoutMs: PREVIEW_STATEMENT_TIMEOUT_MS });
    return reader.sample(limit);
  });
}
