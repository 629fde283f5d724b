import { getRun } from "@/lib/runs/get-run";
import { errorResponse } from "@/lib/runs/error-response";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** A run's live progress, polled by its page (components/runs/use-run-progress.ts). Viewers may read it. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    await requireUser("VIEWER");
    const { id } = await context.params;
    const run = await getRun(getDb(), id);
    if (!run) throw new AppError("NOT_FOUND", "This run does not exist.");
    return Response.json({ ok: true, data: run }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
