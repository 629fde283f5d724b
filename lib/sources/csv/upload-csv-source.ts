import { recordAuditEvent, type AuditActor } from "../../audit/record-audit-event";
import type { Db } from "../../db/client";
import { AppError } from "../../errors";
import { assertSourceNameFree, claimSourceName } from "../assert-source-name-free";
import { deleteAbandonedCsvFiles, deleteCsvFile, writeCsvFile, type StoredCsvFile } from "./csv-file-store";
import { openCsvFileReader } from "../open-source-reader";
import { columnsToJson, parseSourceColumns } from "../source-columns";
import { withSourceErrors } from "../source-error-to-app-error";
import type { SourceColumn } from "../types";

export interface UploadCsvSourceInput {
  /** Replace this source's file (a new version), or create a source called `name`. */
  target: { sourceId: string } | { name: string };
  filename: string;
  body: AsyncIterable<Uint8Array>;
  maxBytes?: number;
}

export interface UploadCsvSourceResult {
  sourceId: string;
  created: boolean;
  file: StoredCsvFile;
  columns: SourceColumn[];
  /** Columns the previous version had and this one lacks: a mapping that used them needs a look. */
  removedColumns: string[];
}

/**
 * Stores an uploaded CSV and makes it a source's file: a new source, or a new version of an
 * existing one. The file must be readable as CSV (a header, within the limits) before it takes
 * over; until then the source keeps its previous file. A new version keeps the source row, so
 * every destination's mapping stays; the previous file is deleted with the swap.
 */
export async function uploadCsvSource(
  db: Db,
  actor: AuditActor | null,
  input: UploadCsvSourceInput,
): Promise<UploadCsvSourceResult> {
  const { target } = input;
  if ("sourceId" in target) await assertCsvSource(db, target.sourceId);
  else await assertSourceNameFree(db, target.name);
  // Housekeeping, not part of this upload: a failure here must not refuse the file.
  await deleteAbandonedCsvFiles(db).catch(() => undefined);

  const file = await withSourceErrors(() =>
    writeCsvFile(db, {
      filename: input.filename,
      body: input.body,
      maxBytes: input.maxBytes,
      uploadedById: actor?.id ?? null,
    }),
  );
  try {
    const columns = await withSourceErrors(async () => (await openCsvFileReader(db, file.id)).columns());
    const swapped = await db.$transaction(async (tx) => {
      if ("name" in target) {
        await claimSourceName(tx, target.name);
        const source = await tx.source.create({
          data: {
            name: target.name,
            kind: "CSV",
            csvFileId: file.id,
            columns: columnsToJson(columns),
            columnsCheckedAt: new Date(),
            createdById: actor?.id ?? null,
          },
          select: { id: true },
        });
        await recordAuditEvent(
          tx,
          actor,
          "source.created",
          { type: "source", id: source.id },
          { name: target.name, kind: "CSV" },
        );
        await recordAuditEvent(tx, actor, "source.file_uploaded", { type: "source", id: source.id }, fileDetails(file));
        return { sourceId: source.id, created: true, removedColumns: [] };
      }
      // Locked so two uploads to one source swap one after the other, each deleting the file
      // it replaced, and no file is left orphaned.
      const locked = await tx.$queryRaw<{ csvFileId: string | null; columns: unknown }[]>`
        SELECT "csvFileId", columns FROM "Source" WHERE id = ${target.sourceId} FOR UPDATE`;
      const current = locked[0];
      if (!current) throw new AppError("NOT_FOUND", "This source was deleted while the file was uploading.");
      await tx.source.update({
        where: { id: target.sourceId },
        data: { csvFileId: file.id, columns: columnsToJson(columns), columnsCheckedAt: new Date() },
      });
      if (current.csvFileId) await deleteCsvFile(tx, current.csvFileId);
      await recordAuditEvent(
        tx,
        actor,
        "source.file_uploaded",
        { type: "source", id: target.sourceId },
        fileDetails(file),
      );
      const names = new Set(columns.map((column) => column.name));
      const removedColumns = parseSourceColumns(current.columns)
        .map((column) => column.name)
        .filter((name) => !names.has(name));
      return { sourceId: target.sourceId, created: false, removedColumns };
    });
    return { ...swapped, file, columns };
  } catch (error) {
    await deleteCsvFile(db, file.id);
    throw error;
  }
}

// Size and checksum only: the file name may itself be personal ("jane-doe-orders.csv"), but it
// is what the person will recognise in the log, and it is theirs to choose.
function fileDetails(file: StoredCsvFile) {
  return { filename: file.filename, sizeBytes: file.sizeBytes, sha256: file.sha256 };
}

async function assertCsvSource(db: Db, sourceId: string): Promise<void> {
  const source = await db.source.findUnique({ where: { id: sourceId }, select: { kind: true } });
  if (!source) throw new AppError("NOT_FOUND", "This source no longer exists.");
  if (source.kind !== "CSV") throw new AppError("CONFLICT", "Only a CSV source takes an uploaded file.");
}
