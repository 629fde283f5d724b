// What the browser and the CSV upload route agree on; no server code, so forms can import it.

/** The file's name, URI-encoded. A custom header also makes a cross-site upload need a CORS
 * preflight, which Sluice never grants, on top of the same-origin check. */
export const CSV_FILENAME_HEADER = "X-Sluice-Filename";

/** The largest file accepted: the CSV reader's own limit (DEFAULT_CSV_LIMITS.maxBytes), so every
 * stored file can be read. Here so the browser can refuse a too-large file before sending it. */
export const CSV_UPLOAD_MAX_BYTES = 512 * 1024 * 1024;

/** Where a new CSV source is uploaded (`?name=`), and where a new version of one goes. */
export const NEW_CSV_SOURCE_URL = "/api/sources/csv";
export const csvVersionUrl = (sourceId: string) => `/api/sources/${encodeURIComponent(sourceId)}/csv`;

export interface CsvUploadSuccess {
  ok: true;
  data: {
    sourceId: string;
    created: boolean;
    filename: string;
    sizeBytes: number;
    columnCount: number;
    removedColumns: string[];
  };
  message: string;
}

export interface CsvUploadFailure {
  ok: false;
  code: string;
  message: string;
  fieldErrors?: Record<string, string[]>;
}

export type CsvUploadResponse = CsvUploadSuccess | CsvUploadFailure;
