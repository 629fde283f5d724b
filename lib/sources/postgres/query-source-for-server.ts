import { createPagedQuerySource } from "./paged-query-source";
import {
  createPostgresQuerySource,
  type PostgresQuerySource,
  type PostgresQuerySourceOptions,
} from "./postgres-query-source";

/**
 * A query source that streams the way its server allows: through one cursor on PostgreSQL, and in
 * pages (createPagedQuerySource) on a single-backend database such as the embedded demo one,
 * where a cursor's open transaction would hold up every other reader. The server says which
 * (its DatabaseProfile) over a connection checked like any other, once per reader, on its first
 * stream.
 */
export function createQuerySourceForServer(options: PostgresQuerySourceOptions): PostgresQuerySource {
  const cursor = createPostgresQuerySource(options);
  const paged = createPagedQuerySource(options);
  let singleBackend: Promise<boolean> | undefined;
  const readsInPages = () => {
    singleBackend ??= cursor.testConnection().then(
      (info) => info.profile.singleBackend,
      (error: unknown) => {
        // Not kept: the next stream asks again, and fails or not on its own.
        singleBackend = undefined;
        throw error;
      },
    );
    return singleBackend;
  };
  return {
    ...cursor,
    async *stream(streamOptions) {
      yield* ((await readsInPages()) ? paged : cursor).stream(streamOptions);
    },
  };
}
