import { openOrNull, type SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { formatShare, UNPARSABLE_WEBHOOK_HINT } from "@/lib/destinations/alert-webhook";
import { sendAlertEmail, type AlertEmailSettings } from "./alert-email";
import { postToWebhook, PrivateTargetError } from "./webhook-target";

export type AlertEvent = "run.failed" | "run.source_unreachable" | "run.rejected_share_exceeded";

/** How a failed run's message starts when its source could not be read (run-sync.ts). */
export const SOURCE_UNREACHABLE_PREFIX = "The source could not be read";

interface AlertableRun {
  status: string;
  rowsRead: number;
  rowsRejected: number;
  error?: string | null;
}

interface AlertSettings {
  alertWebhookSealed: string | null;
  alertEmails: string[];
  alertRejectedShare: number | null;
}

/** Which alert a finished run calls for, if any: it failed (its source unreachable, or for
 * another reason), or X rejected more than the share of its rows the destination tolerates. */
export function alertEventFor(run: AlertableRun, destination: AlertSettings): AlertEvent | null {
  if (!destination.alertWebhookSealed && destination.alertEmails.length === 0) return null;
  if (run.status === "FAILED")
    return run.error?.startsWith(SOURCE_UNREACHABLE_PREFIX) ? "run.source_unreachable" : "run.failed";
  const share = destination.alertRejectedShare;
  if (share !== null && run.rowsRead > 0 && run.rowsRejected / run.rowsRead > share)
    return "run.rejected_share_exceeded";
  return null;
}

const TIMEOUT_MS = 10_000;

/**
 * Tells the destination's alert webhook and e-mail addresses about a finished run, recording
 * each delivery. Throws when a channel did not take it (so the job queue retries later); a run is
 * announced once per channel: after one successful delivery, retries skip that channel. The
 * messages have counts and reasons only, never row data. The webhook URL is opened here and
 * nowhere else; deliveries record its hint.
 */
export async function deliverRunAlert(
  db: Db,
  box: SecretBox,
  runId: string,
  options: { allowPrivate?: boolean; email?: AlertEmailSettings | null; appUrl?: string | null } = {},
): Promise<{ delivered: boolean }> {
  const run = await loadRun(db, runId);
  if (!run) return { delivered: false };
  const event = alertEventFor(run, run.destination);
  if (!event) return { delivered: false };
  const reasons = await db.syncProblem.groupBy({
    by: ["kind", "code"],
    where: { runId },
    _count: { _all: true },
    orderBy: { _count: { code: "desc" } },
    take: 10,
  });
  const summary = {
    run,
    event,
    reasons: reasons.map((reason) => ({ kind: reason.kind, code: reason.code, rows: reason._count._all })),
  };
  const failures: string[] = [];
  const results: boolean[] = [];
  if (run.destination.alertWebhookSealed) {
    const result = await deliverToWebhook(
      db,
      box,
      summary,
      run.destination.alertWebhookSealed,
      run.destination.alertWebhookHint,
      options.allowPrivate ?? false,
    );
    results.push(result.delivered);
    if (result.retry) failures.push(result.retry);
  }
  if (run.destination.alertEmails.length > 0) {
    const result = await deliverByEmail(
      db,
      summary,
      run.destination.alertEmails,
      options.email ?? null,
      options.appUrl ?? null,
    );
    results.push(result.delivered);
    if (result.retry) failures.push(result.retry);
  }
  if (failures.length > 0) throw new Error(`alerts for run ${runId}: ${failures.join("; ")}`);
  return { delivered: results.length > 0 && results.every(Boolean) };
}

type RunWithDestination = NonNullable<Awaited<ReturnType<typeof loadRun>>>;
function loadRun(db: Db, runId: string) {
  return db.syncRun.findUnique({
    where: { id: runId },
    include: {
      destination: {
        select: {
          id: true,
          name: true,
          alertWebhookSealed: true,
          alertWebhookHint: true,
          alertEmails: true,
          alertRejectedShare: true,
        },
      },
    },
  });
}

interface AlertSummary {
  run: RunWithDestination;
  event: AlertEvent;
  reasons: Array<{ kind: string; code: string; rows: number }>;
}

/** One line saying what happened, the same in a chat message and an e-mail. */
function headline({ run, event, reasons }: AlertSummary, escape: (text: string) => string): string {
  const name = escape(run.destination.name);
  const share = run.destination.alertRejectedShare;
  const topReason = reasons[0] ? ` Most common reason: ${reasons[0].code} (${reasons[0].rows} rows).` : "";
  switch (event) {
    case "run.failed":
    case "run.source_unreachable":
      return `Sluice: a sync of “${name}” failed: ${escape((run.error ?? "no reason was recorded").replace(/[.\s]+$/, ""))}. ${run.rowsSent} of ${run.rowsRead} rows read were sent.`;
    case "run.rejected_share_exceeded":
      return `Sluice: X rejected ${run.rowsRejected} of ${run.rowsRead} rows (${formatShare(run.rowsRejected / run.rowsRead)}) in a sync of “${name}”, more than the ${formatShare(share ?? 0)} allowed.${topReason}`;
  }
}

async function deliverToWebhook(
  db: Db,
  box: SecretBox,
  summary: AlertSummary,
  sealed: string,
  hint: string | null,
  allowPrivate: boolean,
): Promise<{ delivered: boolean; retry?: string }> {
  const { run, event } = summary;
  const runId = run.id;
  const target = hint ?? UNPARSABLE_WEBHOOK_HINT;
  const done = await db.webhookDelivery.findFirst({
    where: { runId, event, channel: "webhook", statusCode: { gte: 200, lt: 300 } },
    select: { id: true },
  });
  if (done) return { delivered: true };
  const url = openOrNull(box, sealed);
  if (url === null) {
    // Retrying cannot help: only entering the URL again can.
    const error =
      "The saved webhook URL cannot be decrypted with this server's encryption key (was SLUICE_ENCRYPTION_KEY changed?). Enter it again on the destination's Schedule step.";
    await db.webhookDelivery.create({
      data: { runId, channel: "webhook", target, event, statusCode: null, error, durationMs: 0 },
    });
    return { delivered: false };
  }
  // Slack reads <…> as links and mentions (<!channel>): a name or an error is text, not markup.
  // Slack incoming webhooks show `text`; endpoints of your own read the fields after it.
  const body = {
    text: headline(summary, escapeChatText),
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
        duplicate: run.rowsDuplicate,
        sent: run.rowsSent,
        failed: run.rowsFailed,
      },
      topReasons: summary.reasons,
    },
    destination: {
      id: run.destination.id,
      name: run.destination.name,
      rejectedShareThreshold: run.destination.alertRejectedShare,
    },
  };

  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  let retry = true;
  try {
    statusCode = await postToWebhook(url, JSON.stringify(body), {
      allowPrivate,
      timeoutMs: TIMEOUT_MS,
      userAgent: "Sluice-Alerts/1",
    });
    if (statusCode < 200 || statusCode >= 300) error = `The endpoint answered HTTP ${statusCode}.`;
  } catch (caught) {
    if (caught instanceof PrivateTargetError) {
      // Retrying cannot help: only another URL can.
      retry = false;
      error = `${caught.message} Enter a public URL on the destination's Schedule step.`;
    } else
      error =
        caught instanceof Error && caught.name === "AbortError"
          ? `No answer within ${TIMEOUT_MS / 1000} s.`
          : "The endpoint could not be reached.";
  }
  await db.webhookDelivery.create({
    data: { runId, channel: "webhook", target, event, statusCode, error, durationMs: Date.now() - started },
  });
  return { delivered: error === null, ...(error && retry ? { retry: `webhook: ${error}` } : {}) };
}

async function deliverByEmail(
  db: Db,
  summary: AlertSummary,
  addresses: string[],
  settings: AlertEmailSettings | null,
  appUrl: string | null,
): Promise<{ delivered: boolean; retry?: string }> {
  const { run, event } = summary;
  const target = addresses.join(", ");
  const done = await db.webhookDelivery.findFirst({
    where: { runId: run.id, event, channel: "email", statusCode: { gte: 200, lt: 300 } },
    select: { id: true },
  });
  if (done) return { delivered: true };
  if (!settings) {
    // Retrying cannot help until the worker is configured.
    const error = "E-mail alerts need SMTP_URL set on the worker; none was sent.";
    await db.webhookDelivery.create({
      data: { runId: run.id, channel: "email", target, event, statusCode: null, error, durationMs: 0 },
    });
    return { delivered: false };
  }
  const started = Date.now();
  const subject =
    event === "run.rejected_share_exceeded"
      ? `Sluice: X rejected ${formatShare(run.rowsRejected / Math.max(1, run.rowsRead))} of a sync of “${run.destination.name}”`
      : event === "run.source_unreachable"
        ? `Sluice: the source of “${run.destination.name}” could not be read`
        : `Sluice: a sync of “${run.destination.name}” failed`;
  const lines = [
    headline(summary, (text) => text),
    "",
    `Rows read: ${run.rowsRead}`,
    `Sent: ${run.rowsSent}`,
    `Already sent before: ${run.rowsAlreadySent}`,
    `Invalid: ${run.rowsInvalid + run.rowsStillInvalid}`,
    `Rejected by X: ${run.rowsRejected}`,
    ...(run.rowsDuplicate > 0 ? [`Repeated conversion id (not sent): ${run.rowsDuplicate}`] : []),
    `Failed (sent again next run): ${run.rowsFailed}`,
    ...(summary.reasons.length > 0
      ? ["", "Most common reasons:", ...summary.reasons.map((reason) => `  ${reason.code}: ${reason.rows} rows`)]
      : []),
    "",
    appUrl ? `The run: ${new URL(`/runs/${encodeURIComponent(run.id)}`, appUrl).toString()}` : `Run id: ${run.id}`,
  ];
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    statusCode = await sendAlertEmail(settings, { to: addresses, subject, text: lines.join("\n") });
  } catch (caught) {
    error = `The mail server did not take the message: ${caught instanceof Error ? caught.message.slice(0, 300) : String(caught)}`;
  }
  await db.webhookDelivery.create({
    data: { runId: run.id, channel: "email", target, event, statusCode, error, durationMs: Date.now() - started },
  });
  return { delivered: error === null, ...(error ? { retry: `e-mail: ${error}` } : {}) };
}

function escapeChatText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
