import { openOrNull, type SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { formatShare, UNPARSABLE_WEBHOOK_HINT } from "@/lib/destinations/alert-webhook";
import { postToWebhook, PrivateTargetError } from "./webhook-target";

export type AlertEvent = "run.failed" | "run.rejected_share_exceeded";

interface AlertableRun {
  status: string;
  rowsRead: number;
  rowsRejected: number;
}

interface AlertSettings {
  alertWebhookSealed: string | null;
  alertRejectedShare: number | null;
}

/** Which alert a finished run calls for, if any: it failed, or X rejected more than the share
 * of its rows the destination tolerates. */
export function alertEventFor(run: AlertableRun, destination: AlertSettings): AlertEvent | null {
  if (!destination.alertWebhookSealed) return null;
  if (run.status === "FAILED") return "run.failed";
  const share = destination.alertRejectedShare;
  if (share !== null && run.rowsRead > 0 && run.rowsRejected / run.rowsRead > share) return "run.rejected_share_exceeded";
  return null;
}

const TIMEOUT_MS = 10_000;

/**
 * POSTs a JSON summary of the run to the destination's webhook and records the delivery. Throws
 * when the endpoint did not take it (so the job queue retries later); a run is announced once:
 * after one successful delivery, retries do nothing. The summary has counts and reasons only,
 * never row data. The URL is opened here and nowhere else; deliveries record its hint.
 */
export async function deliverRunAlert(db: Db, box: SecretBox, runId: string, options: { allowPrivate?: boolean } = {}): Promise<{ delivered: boolean }> {
  const run = await db.syncRun.findUnique({
    where: { id: runId },
    include: { destination: { select: { id: true, name: true, alertWebhookSealed: true, alertWebhookHint: true, alertRejectedShare: true } } },
  });
  if (!run) return { delivered: false };
  const event = alertEventFor(run, run.destination);
  const sealed = run.destination.alertWebhookSealed;
  if (!event || !sealed) return { delivered: false };
  const target = run.destination.alertWebhookHint ?? UNPARSABLE_WEBHOOK_HINT;
  const done = await db.webhookDelivery.findFirst({ where: { runId, event, statusCode: { gte: 200, lt: 300 } }, select: { id: true } });
  if (done) return { delivered: true };
  const url = openOrNull(box, sealed);
  if (url === null) {
    // Retrying cannot help: only entering the URL again can.
    const error = "The saved webhook URL cannot be decrypted with this server's encryption key (was SLUICE_ENCRYPTION_KEY changed?). Enter it again on the destination's Schedule step.";
    await db.webhookDelivery.create({ data: { runId, target, event, statusCode: null, error, durationMs: 0 } });
    return { delivered: false };
  }

  const reasons = await db.syncProblem.groupBy({ by: ["kind", "code"], where: { runId }, _count: { _all: true }, orderBy: { _count: { code: "desc" } }, take: 10 });
  // Slack reads <…> as links and mentions (<!channel>): a name or an error is text, not markup.
  const name = escapeChatText(run.destination.name);
  const share = run.destination.alertRejectedShare;
  const topReason = reasons[0] ? ` Most common reason: ${reasons[0].code} (${reasons[0]._count._all} rows).` : "";
  // Slack incoming webhooks show `text`; endpoints of your own read the fields after it.
  const text =
    event === "run.failed"
      ? `Sluice: a sync of “${name}” failed: ${escapeChatText((run.error ?? "no reason was recorded").replace(/[.\s]+$/, ""))}. ${run.rowsSent} of ${run.rowsRead} rows read were sent.`
      : `Sluice: X rejected ${run.rowsRejected} of ${run.rowsRead} rows (${formatShare(run.rowsRejected / run.rowsRead)}) in a sync of “${name}”, more than the ${formatShare(share ?? 0)} allowed.${topReason}`;
  const body = {
    text,
    event,
    run: {
      id: run.id,
      status: run.status,
      trigger: run.trigger,
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      error: run.error,
      counts: {
        read: run.rowsRead,
        alreadySent: run.rowsAlreadySent,
        invalid: run.rowsInvalid,
        stillInvalid: run.rowsStillInvalid,
        rejected: run.rowsRejected,
        sent: run.rowsSent,
        failed: run.rowsFailed,
      },
      topReasons: reasons.map((reason) => ({ kind: reason.kind, code: reason.code, rows: reason._count._all })),
    },
    destination: { id: run.destination.id, name: run.destination.name, rejectedShareThreshold: run.destination.alertRejectedShare },
  };

  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  let retry = true;
  try {
    statusCode = await postToWebhook(url, JSON.stringify(body), { allowPrivate: options.allowPrivate ?? false, timeoutMs: TIMEOUT_MS, userAgent: "Sluice-Alerts/1" });
    if (statusCode < 200 || statusCode >= 300) error = `The endpoint answered HTTP ${statusCode}.`;
  } catch (caught) {
    if (caught instanceof PrivateTargetError) {
      // Retrying cannot help: only another URL can.
      retry = false;
      error = `${caught.message} Enter a public URL on the destination's Schedule step.`;
    } else error = caught instanceof Error && caught.name === "AbortError" ? `No answer within ${TIMEOUT_MS / 1000} s.` : "The endpoint could not be reached.";
  }
  await db.webhookDelivery.create({ data: { runId, target, event, statusCode, error, durationMs: Date.now() - started } });
  if (error && retry) throw new Error(`alert webhook for run ${runId}: ${error}`);
  return { delivered: error === null };
}

function escapeChatText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
