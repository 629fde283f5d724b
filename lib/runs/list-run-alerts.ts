import type { Db } from "@/lib/db/client";

/** One call to a run's alert webhook, as the run page shows it: the hint, never the URL. */
export interface RunAlertView {
  id: string;
  channel: "webhook" | "email";
  event: string;
  target: string;
  statusCode: number | null;
  error: string | null;
  at: string;
}

/** The run's alert deliveries, newest first (a refused one is retried by the queue, so a run can
 * have several). */
export async function listRunAlerts(db: Db, runId: string, limit = 10): Promise<RunAlertView[]> {
  const rows = await db.webhookDelivery.findMany({
    where: { runId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, channel: true, event: true, target: true, statusCode: true, error: true, createdAt: true },
  });
  return rows.map((row) => ({
    id: row.id,
    channel: row.channel === "email" ? "email" : "webhook",
    event: row.event,
    target: row.target,
    statusCode: row.statusCode,
    error: row.error,
    at: row.createdAt.toISOString(),
  }));
}
