import type { AuditActor } from "@/lib/audit/record-audit-event";
import { AppError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { loadDestinationForStep, type WizardDeps } from "./load-destination-for-step";
import { computeNextRunAt, scheduleColumns, type Schedule } from "./schedule";
import { webhookTargetRefusal } from "@/lib/alerts/webhook-target";
import { parseAlertEmails } from "./alert-emails";
import { alertWebhookHint, checkAlertWebhookUrl } from "./alert-webhook";
import { parseLookback, parseRejectedPercent, type ScheduleStepInput } from "./step-schemas";
import { checkSourceCursorColumn } from "@/lib/sources/open-source-reader";
import { withSourceErrors } from "@/lib/sources/source-error-to-app-error";
import type { StepDestination } from "./load-destination-for-step";

export function scheduleFromInput(input: ScheduleStepInput): Schedule {
  if (input.scheduleKind === "INTERVAL")
    return {
      kind: "INTERVAL",
      intervalMinutes: Number(input.intervalEvery) * (input.intervalUnit === "hours" ? 60 : 1),
    };
  if (input.scheduleKind === "DAILY")
    return { kind: "DAILY", dailyAt: input.dailyAt ?? "", timeZone: input.scheduleTimeZone || "UTC" };
  if (input.scheduleKind === "CRON")
    return { kind: "CRON", cron: (input.cron ?? "").split(/\s+/).join(" "), timeZone: input.scheduleTimeZone || "UTC" };
  return { kind: "MANUAL" };
}

/** What the schedule step's alert fields ask for. `webhook` is undefined for "keep" (the form
 * never holds a saved URL), null for "none", else the new URL sealed and its hint.
 * `rejectedShare` is undefined when the field was not sent (it is hidden while no webhook is set,
 * and a threshold saved before stays), null when it was sent empty. */
async function alertSettingsFromInput(
  deps: WizardDeps,
  input: ScheduleStepInput,
): Promise<{ webhook?: { sealed: string; hint: string } | null; rejectedShare?: number | null; emails?: string[] }> {
  const rejectedShare =
    input.alertRejectedPercent === undefined
      ? undefined
      : input.alertRejectedPercent
        ? parseRejectedPercent(input.alertRejectedPercent)
        : null;
  const emails = alertEmailsFromInput(input.alertEmails);
  if (input.alertWebhook === "keep") return { rejectedShare, emails };
  if (input.alertWebhook === "none") return { webhook: null, rejectedShare, emails };
  const checked = checkAlertWebhookUrl(input.alertWebhookUrl ?? "");
  // The schema checked it already; this does not rely on a caller having run it.
  if (!checked.ok) throw new AppError("VALIDATION", checked.message, { alertWebhookUrl: [checked.message] });
  // Its host name is resolved now, so a name that points inward (127.0.0.1.nip.io) is refused on
  // its field; the worker checks the addresses again on every call.
  const refused = await webhookTargetRefusal(checked.url, {
    allowPrivate: deps.allowPrivateWebhooks ?? false,
    resolve: deps.resolveHost,
  });
  if (refused) throw new AppError("VALIDATION", refused, { alertWebhookUrl: [refused] });
  return {
    webhook: { sealed: deps.box.seal(checked.url), hint: alertWebhookHint(checked.url) },
    rejectedShare,
    emails,
  };
}

/** Undefined when the field was not sent (the saved addresses stay), else the addresses. */
function alertEmailsFromInput(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const parsed = parseAlertEmails(text);
  // The schema checked it already; this does not rely on a caller having run it.
  if (!parsed.ok) throw new AppError("VALIDATION", parsed.message, { alertEmails: [parsed.message] });
  return parsed.emails;
}

/**
 * Step "schedule": the name, when it runs and where alerts go. Saving a draft makes it active; a
 * paused destination stays paused (and has no next run) until resumed.
 */
export async function saveScheduleStep(
  deps: WizardDeps,
  actor: AuditActor,
  input: ScheduleStepInput,
): Promise<{ activated: boolean; nextRunAt: Date | null }> {
  const row = await loadDestinationForStep(deps.db, input.destinationId, "schedule");
  const schedule = scheduleFromInput(input);
  const status = row.status === "PAUSED" ? "PAUSED" : "ACTIVE";
  const nextRunAt = status === "ACTIVE" ? computeNextRunAt(schedule, deps.now?.() ?? new Date()) : null;
  const alerts = await alertSettingsFromInput(deps, input);
  const reads = await readSettingsFromInput(deps, row, input);
  await deps.db.$transaction(async (tx) => {
    await tx.destination.update({
      where: { id: row.id },
      data: {
        name: input.name,
        status,
        wizardStep: "schedule",
        ...scheduleColumns(schedule),
        nextRunAt,
        ...reads.data,
        ...(alerts.rejectedShare === undefined ? {} : { alertRejectedShare: alerts.rejectedShare }),
        ...(alerts.webhook === undefined
          ? {}
          : { alertWebhookSealed: alerts.webhook?.sealed ?? null, alertWebhookHint: alerts.webhook?.hint ?? null }),
        ...(alerts.emails === undefined ? {} : { alertEmails: alerts.emails }),
      },
    });
    await recordAuditEvent(
      tx,
      actor,
      row.status === "DRAFT" ? "destination.activated" : "destination.step_saved",
      { type: "destination", id: row.id },
      {
        step: "schedule",
        name: input.name,
        schedule: schedule.kind,
        reads: reads.audit,
        ...(alerts.webhook === undefined ? {} : { alertWebhook: alerts.webhook?.hint ?? null }),
        ...(alerts.emails === undefined ? {} : { alertEmails: alerts.emails }),
        ...(alerts.rejectedShare === undefined ? {} : { alertRejectedShare: alerts.rejectedShare }),
      },
    );
  });
  return { activated: row.status === "DRAFT", nextRunAt };
}

/**
 * The schedule step's "What each run reads": every row, or (Postgres sources) incremental reads
 * on a cursor column, checked against the source before it is saved. Two things need a second,
 * informed submit: a column PostgreSQL has no index for (each run would still read the whole
 * query), and a change that throws away the watermark (the next run reads every row again; the
 * ledger keeps it from sending anything twice).
 */
async function readSettingsFromInput(deps: WizardDeps, row: StepDestination, input: ScheduleStepInput) {
  const refuse = (field: string, message: string): never => {
    throw new AppError("VALIDATION", message, { [field]: [message] });
  };
  const incremental = input.readMode === "INCREMENTAL";
  const column = incremental ? (input.cursorColumn ?? "") : null;
  const resetsWatermark = row.watermark !== null && row.incrementalColumn !== column;
  if (!incremental) {
    if (resetsWatermark && !input.confirmWatermarkReset) {
      refuse(
        "confirmWatermarkReset",
        `Reading every row forgets the watermark of “${row.incrementalColumn}”. Runs then read the whole source each time (rows already sent are still skipped). Tick the box to confirm.`,
      );
    }
    return {
      data: { incrementalColumn: null, incrementalColumnType: null, watermark: null, watermarkAt: null },
      audit: "every row",
    };
  }
  if (!row.sourceId) return refuse("readMode", "Choose a source first.");
  const check = await withSourceErrors(() =>
    checkSourceCursorColumn(deps.db, row.sourceId!, column!, { secretBox: deps.box }),
  );
  if (check === null)
    return refuse("readMode", "A CSV source is read whole on every run; incremental reads need a PostgreSQL source.");
  if (!check.ok) return refuse("cursorColumn", check.message);
  const unit = check.type === "integer" ? "values" : input.lookbackUnit;
  if (check.type === "integer" && input.lookbackUnit !== "values") {
    refuse("lookbackValue", `“${column}” is an integer column, so the lookback is a number of values (ids), not time.`);
  }
  if (check.type !== "integer" && input.lookbackUnit === "values") {
    refuse("lookbackValue", `“${column}” holds times, so the lookback is in minutes or hours.`);
  }
  const lookback = parseLookback(input.lookbackValue ?? "", unit);
  if (lookback === null) return refuse("lookbackValue", "Enter the lookback as a whole number.");
  // Both questions at once, so one more submit answers them all.
  const questions: Record<string, string[]> = {};
  if (!check.indexed && !input.acceptNoIndex)
    questions.acceptNoIndex = [check.indexAdvice ?? "PostgreSQL cannot use an index for this column."];
  if (resetsWatermark && !input.confirmWatermarkReset) {
    questions.confirmWatermarkReset = [
      `Changing the cursor column from “${row.incrementalColumn}” to “${column}” forgets the watermark: the next run reads every row once (rows already sent are skipped). Tick the box to confirm.`,
    ];
  }
  const [first] = Object.values(questions);
  if (first) throw new AppError("VALIDATION", first[0]!, questions);
  const keep = row.incrementalColumn === column && row.incrementalColumnType === check.type;
  return {
    data: {
      incrementalColumn: column,
      incrementalColumnType: check.type,
      incrementalLookback: lookback,
      ...(keep ? {} : { watermark: null, watermarkAt: null }),
    },
    audit: `incremental on ${column}${check.indexed ? "" : " (no index)"}${resetsWatermark ? ", watermark reset" : ""}`,
  };
}
