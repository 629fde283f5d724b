import { getRun } from "@/lib/runs/get-run";
import { errorResponse } from "@/lib/runs/error-response";
import { streamProblemsCsv } from "@/lib/runs/stream-problems-csv";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** A run's problem rows as a CSV download (formula-injection safe), streamed page by page. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    await requireUser("VIEWER");
    const { id } = await context.params;
    const run = await getRun(getDb(), id);
    if (!run) throw new AppError("NOT_FOUND", "This run does not exist.");
    return new Response(streamProblemsCsv(getDb(), id), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="sluice-run-${id}-problems.csv"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
