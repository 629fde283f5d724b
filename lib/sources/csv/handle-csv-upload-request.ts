import "server-only";
import { requireUser } from "../../server/auth";
import { getDb } from "../../server/db";
import { getEnv } from "../../server/env";
import { isSameOriginRequest } from "../../server/request-origin";
import { AppError, toActionError } from "../../errors";
import { isStorableText } from "../../validation/storable-text";
import { formatBytes } from "./csv-bytes";
import { CSV_UPLOAD_MAX_BYTES } from "./csv-file-store";
import { CSV_FILENAME_HEADER, type CsvUploadFailure, type CsvUploadSuccess } from "./csv-upload-protocol";
import { csvUploadParamsSchema } from "../source-schemas";
import { uploadCsvSource } from "./upload-csv-source";

const STATUS: Record<CsvUploadFailure["code"], number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VALIDATION: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/**
 * The CSV upload route (a new source, or a new version of one): the raw file is the request
 * body, streamed into the database as it arrives, so the browser can report real upload progress
 * and no file is ever held whole in memory or on this machine's disk. Same checks as any action:
 * session and role first (editor), then the input.
 */
export async function handleCsvUploadRequest(
  request: Request,
  target: { sourceId: string } | { newSource: true },
): Promise<Response> {
  try {
    const user = await requireUser("EDITOR");
    assertSameOrigin(request);
    const filename = readFilename(request);
    const declared = Number(request.headers.get("content-length") ?? "");
    // Refused before a byte is read when the browser says how big it is; enforced while streaming either way.
    if (declared > CSV_UPLOAD_MAX_BYTES) {
      return failure(
        new AppError("VALIDATION", `The file is larger than the ${formatBytes(CSV_UPLOAD_MAX_BYTES)} limit.`),
        413,
      );
    }
    if (!request.body) throw new AppError("VALIDATION", "The file is empty: it needs a header line and rows.");
    const uploadTarget =
      "sourceId" in target ? { sourceId: readSourceId(target.sourceId) } : { name: readName(request) };
    const result = await uploadCsvSource(getDb(), user, {
      target: uploadTarget,
      filename,
      body: bodyChunks(request.body),
    });
    const removed =
      result.removedColumns.length > 0
        ? ` Columns no longer in the file: ${result.removedColumns.join(", ")}; check the mappings that used them.`
        : "";
    const body: CsvUploadSuccess = {
      ok: true,
      data: {
        sourceId: result.sourceId,
        created: result.created,
        filename: result.file.filename,
        sizeBytes: result.file.sizeBytes,
        columnCount: result.columns.length,
        removedColumns: result.removedColumns,
      },
      message: `${result.file.filename} (${formatBytes(result.file.sizeBytes)}, ${result.columns.length} columns) ${result.created ? "is uploaded" : "is now the source's file"}.${removed}`,
    };
    return Response.json(body, { status: result.created ? 201 : 200 });
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown, status?: number): Response {
  const body: CsvUploadFailure = toActionError(error);
  return Response.json(body, { status: status ?? STATUS[body.code] ?? 500 });
}

// Session cookies are SameSite=Lax already; this refuses a cross-site form or script outright.
// X-Forwarded-Host counts only behind trusted proxies: anyone can send it.
function assertSameOrigin(request: Request): void {
  if (!isSameOriginRequest(request.headers, getEnv().SLUICE_TRUSTED_PROXIES))
    throw new AppError("FORBIDDEN", "Uploads are only accepted from Sluice's own pages.");
}

function readFilename(request: Request): string {
  const raw = request.headers.get(CSV_FILENAME_HEADER);
  if (!raw)
    throw new AppError("VALIDATION", "Choose a CSV file to upload.", { file: ["Choose a CSV file to upload."] });
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

// The id comes from the path, decoded, so it may be anything. A NUL would make PostgreSQL refuse the
// lookup itself (a 500, not a 404); neither it nor half a surrogate pair is in any source's id.
function readSourceId(sourceId: string): string {
  if (!isStorableText(sourceId)) throw new AppError("NOT_FOUND", "This source no longer exists.");
  return sourceId;
}

function readName(request: Request): string {
  const parsed = csvUploadParamsSchema.safeParse({ name: new URL(request.url).searchParams.get("name") ?? "" });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Enter a name.";
    throw new AppError("VALIDATION", message, { name: [message] });
  }
  return parsed.data.name;
}

const CUT_OFF = "The upload was cut off before the whole file arrived. Try again.";

async function* bodyChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read().catch(() => {
        // The connection broke (the person cancelled, or the network went): expected, not a server fault.
        throw new AppError("VALIDATION", CUT_OFF, { file: [CUT_OFF] });
      });
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // Stopped early (the size limit): tell the client we will not read the rest.
    if (!done) await reader.cancel().catch(() => undefined);
  }
}
