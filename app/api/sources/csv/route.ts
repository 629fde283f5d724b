import { handleCsvUploadRequest } from "@/lib/sources/csv/handle-csv-upload-request";

export const dynamic = "force-dynamic";

/** A new CSV source: `?name=` and the file as the body (see handleCsvUploadRequest). */
export async function POST(request: Request) {
  return handleCsvUploadRequest(request, { newSource: true });
}
