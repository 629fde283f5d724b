import type { Db } from "../db/client";
import { parseSourceColumns } from "./source-columns";
import type { SourceColumn } from "./types";

export interface SourceDetail {
  id: string;
  name: string;
  kind: "POSTGRES" | "CSV";
  /** POSTGRES: the connection string with its password masked; the real one never leaves the server. */
  connectionStringRedacted: string | null;
  query: string | null;
  statementTimeoutSeconds: number;
  columns: SourceColumn[];
  columnsCheckedAt: string | null;
  file: { filename: string; sizeBytes: number; uploadedAt: string; sha256: string } | null;
  destinations: { id: string; name: string; status: string }[];
  createdAt: string;
  updatedAt: string;
}

/** One source for its page, or null when it does not exist. */
export async function getSource(db: Db, sourceId: string): Promise<SourceDetail | null> {
  const row = await db.source.findUnique({
    where: { id: sourceId },
    select: {
      id: true,
      name: true,
      kind: true,
      connectionStringRedacted: true,
      query: true,
      statementTimeoutMs: true,
      columns: true,
      columnsCheckedAt: true,
      createdAt: true,
      updatedAt: true,
      csvFile: { select: { filename: true, sizeBytes: true, completedAt: true, createdAt: true, sha256: true } },
      destinations: { select: { id: true, name: true, status: true }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!row) return null;
  const file = row.csvFile;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    connectionStringRedacted: row.connectionStringRedacted,
    query: row.query,
    statementTimeoutSeconds: Math.round(row.statementTimeoutMs / 1000),
    columns: parseSourceColumns(row.columns),
    columnsCheckedAt: row.columnsCheckedAt?.toISOString() ?? null,
    file: file
      ? {
          filename: file.filename,
          sizeBytes: Number(file.sizeBytes),
          uploadedAt: (file.completedAt ?? file.createdAt).toISOString(),
          sha256: file.sha256,
        }
      : null,
    destinations: row.destinations,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
