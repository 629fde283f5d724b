import type { Db } from "../../db/client";
import { SourceError } from "../source-error";

/**
 * The bytes of a stored CSV file, one chunk row at a time in index order, so a 500 MB file is
 * never in memory: at most the chunk being parsed and the next one, fetched ahead so the parser
 * does not wait on the database between chunks. Each call reads from the start (the CSV reader
 * re-opens the file to resume after a broken line).
 */
export async function* readCsvFileBytes(db: Db, fileId: string, chunkCount: number): AsyncGenerator<Uint8Array> {
  const fetchChunk = async (index: number) => {
    const chunk = await db.csvFileChunk.findUnique({
      where: { fileId_index: { fileId, index } },
      select: { data: true },
    });
    // Deleted under us: the source got a new version (or was deleted) while this read was running.
    if (!chunk)
      throw new SourceError(
        "file_unreadable",
        "The file was replaced or deleted while it was being read. Read the source again to use the current file.",
      );
    return chunk.data;
  };
  let next: Promise<Uint8Array> | undefined = chunkCount > 0 ? fetchChunk(0) : undefined;
  for (let index = 0; index < chunkCount && next; index += 1) {
    const current: Promise<Uint8Array> = next;
    next = index + 1 < chunkCount ? fetchChunk(index + 1) : undefined;
    // A reader that stops early (a preview) never awaits the prefetched chunk; its failure then
    // must not surface as an unhandled rejection.
    next?.catch(() => undefined);
    yield await current;
  }
}
