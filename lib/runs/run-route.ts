import { AppError } from "@/lib/errors";
import type { Db } from "@/lib/db/client";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { errorResponse } from "./error-response";
import { getRun } from "./get-run";
import type { RunView } from "./run-view";

type RunRouteContext = { params: Promise<{ id: string }> };

/**
 * A GET handler under `/api/runs/[id]`: signed in as a viewer or more, the run found, then
 * `respond`; any failure answered by errorResponse. The one place these routes check access.
 */
export function runRoute(respond: (found: { db: Db; run: RunView }) => Response | Promise<Response>) {
  return async function GET(_request: Request, context: RunRouteContext): Promise<Response> {
    try {
      await requireUser("VIEWER");
      const { id } = await context.params;
      const db = getDb();
      const run = await getRun(db, id);
      if (!run) throw new AppError("NOT_FOUND", "This run does not exist.");
      return await respond({ db, run });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
