import { createReadStream, statSync } from "node:fs";
import { resolve } from "node:path";
import { createCsvSource } from "@/lib/sources/csv/csv-source";
import type { SourceReader } from "@/lib/sources/types";
import { CliError } from "./cli-io";

/** The CSV source the app uses for uploads, reading a local file. Checked up front so a typo in
 * the path is one clear line rather than a stream error mid-read. */
export function openCsvFile(path: string, cwd: string): SourceReader {
  const fullPath = resolve(cwd, path);
  let isFile = false;
  try {
    isFile = statSync(fullPath).isFile();
  } catch {
    throw new CliError(`cannot read CSV file ${path}: no such file`);
  }
  if (!isFile) throw new CliError(`cannot read CSV file ${path}: not a file`);
  // Only the column names are needed up front, so type inference looks at a single row.
  return createCsvSource({ open: () => createReadStream(fullPath), typeSampleRows: 1 });
}
