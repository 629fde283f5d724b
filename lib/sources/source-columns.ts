import { z } from "zod";
import type { SourceColumn } from "./types";

const columnSchema = z.object({
  name: z.string(),
  type: z.enum(["text", "number", "boolean", "timestamp", "json", "unknown"]).catch("unknown"),
});

/** Source.columns as stored (JSON), read defensively: a malformed value reads as no columns. */
export function parseSourceColumns(value: unknown): SourceColumn[] {
  const parsed = z.array(columnSchema).safeParse(value);
  return parsed.success ? parsed.data : [];
}

/** Columns as plain JSON for Source.columns. */
export function columnsToJson(columns: SourceColumn[]): { name: string; type: string }[] {
  return columns.map((column) => ({ name: column.name, type: column.type }));
}
