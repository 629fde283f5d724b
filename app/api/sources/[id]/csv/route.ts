import { handleCsvUploadRequest } from "@/lib/sources/csv/handle-csv-upload-request";

export const dynamic = "force-dynamic";

/** A new version of a CSV source's file; the source, and every mapping of it, stays. */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  return handleCsvUploadRequest(request, { sourceId: id });
}
