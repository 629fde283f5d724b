import type { Db } from "@/lib/db/client";
import { runViewSelect, toRunView, type RunView } from "./run-view";

export async function getRun(db: Db, runId: string): Promise<RunView | null> {
  const row = await db.syncRun.findUnique({ where: { id: runId }, select: runViewSelect });
  return row ? toRunView(row) : null;
}
