import { parseMappingSpec, type MappingSpec } from "@/lib/conversions";
import { toXConnectionView, xConnectionViewSelect, type XConnectionView } from "@/lib/connections/x-connection-view";
import type { DestinationStatus, Prisma, SourceKind, SyncRunStatus } from "@/lib/generated/prisma/client";
import { isCursorType, type CursorType } from "@/lib/sources/incremental-read";
import { describeSchedule, scheduleOf, type Schedule } from "./schedule";
import { resumeStep, wizardStepStates, type StepState, type WizardProgress, type WizardStepKey } from "./wizard-steps";

/**
 * A destination as pages see it: configuration, mapping, progress through the wizard and the
 * latest run. Read through `destinationViewSelect`, which never touches the connection's sealed
 * tokens.
 */
export interface DestinationView {
  id: string;
  name: string;
  status: DestinationStatus;
  connection: XConnectionView | null;
  adAccountId: string | null;
  adAccountName: string | null;
  pixelId: string | null;
  eventId: string | null;
  source: { id: string; name: string; kind: SourceKind } | null;
  mapping: MappingSpec | null;
  schedule: Schedule;
  scheduleText: string;
  nextRunAt: string | null;
  /** Where alerts go (the webhook's hint, never its URL; the e-mail addresses) and the rejected
   * share that alerts. */
  alerts: { webhookHint: string | null; emails: string[]; rejectedShare: number | null };
  createdAt: string;
  updatedAt: string;
  steps: StepState[];
  resumeStep: WizardStepKey;
  progress: WizardProgress;
  lastRun: { id: string; status: SyncRunStatus; at: string; rowsSent: number } | null;
  /** Incremental reads: the cursor column, its kind, the lookback and the watermark so far. */
  incremental: {
    column: string;
    type: CursorType;
    lookback: number;
    watermark: string | null;
    watermarkAt: string | null;
  } | null;
}

export const destinationViewSelect = {
  id: true,
  name: true,
  status: true,
  wizardStep: true,
  adAccountId: true,
  adAccountName: true,
  pixelId: true,
  eventId: true,
  mapping: true,
  scheduleKind: true,
  scheduleIntervalMinutes: true,
  scheduleDailyAt: true,
  scheduleCron: true,
  scheduleTimeZone: true,
  nextRunAt: true,
  alertWebhookHint: true,
  alertEmails: true,
  alertRejectedShare: true,
  incrementalColumn: true,
  incrementalColumnType: true,
  incrementalLookback: true,
  watermark: true,
  watermarkAt: true,
  createdAt: true,
  updatedAt: true,
  connection: { select: xConnectionViewSelect },
  source: { select: { id: true, name: true, kind: true } },
  runs: {
    select: { id: true, status: true, createdAt: true, finishedAt: true, rowsSent: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 1,
  },
} satisfies Prisma.DestinationSelect;

type Selected = {
  id: string;
  name: string;
  status: DestinationStatus;
  wizardStep: string | null;
  adAccountId: string | null;
  adAccountName: string | null;
  pixelId: string | null;
  eventId: string | null;
  mapping: unknown;
  scheduleKind: "MANUAL" | "INTERVAL" | "DAILY" | "CRON";
  scheduleIntervalMinutes: number | null;
  scheduleDailyAt: string | null;
  scheduleCron: string | null;
  scheduleTimeZone: string | null;
  nextRunAt: Date | null;
  alertWebhookHint: string | null;
  alertEmails: string[];
  alertRejectedShare: number | null;
  incrementalColumn: string | null;
  incrementalColumnType: string | null;
  incrementalLookback: number;
  watermark: string | null;
  watermarkAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  connection: Parameters<typeof toXConnectionView>[0] | null;
  source: { id: string; name: string; kind: SourceKind } | null;
  runs: Array<{ id: string; status: SyncRunStatus; createdAt: Date; finishedAt: Date | null; rowsSent: number }>;
};

export function progressOf(
  row: Pick<Selected, "status" | "wizardStep" | "adAccountId" | "pixelId" | "eventId" | "mapping"> & {
    sourceId: string | null;
    connection: { kind: "OAUTH" | "PIXEL_TOKEN"; revokedAt: Date | null } | null;
  },
): WizardProgress {
  return {
    status: row.status,
    wizardStep: row.wizardStep,
    connection: row.connection ? { kind: row.connection.kind, revoked: row.connection.revokedAt !== null } : null,
    adAccountId: row.adAccountId,
    pixelId: row.pixelId,
    eventId: row.eventId,
    sourceId: row.sourceId,
    hasMapping: row.mapping !== null && parseMappingSpec(row.mapping).ok,
  };
}

export function toDestinationView(row: Selected): DestinationView {
  const parsed = row.mapping === null ? null : parseMappingSpec(row.mapping);
  const schedule = scheduleOf(row);
  const progress = progressOf({ ...row, sourceId: row.source?.id ?? null });
  const run = row.runs[0];
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    connection: row.connection ? toXConnectionView(row.connection) : null,
    adAccountId: row.adAccountId,
    adAccountName: row.adAccountName,
    pixelId: row.pixelId,
    eventId: row.eventId,
    source: row.source,
    mapping: parsed?.ok ? parsed.spec : null,
    schedule,
    scheduleText: describeSchedule(schedule),
    nextRunAt: row.status === "ACTIVE" ? (row.nextRunAt?.toISOString() ?? null) : null,
    alerts: { webhookHint: row.alertWebhookHint, emails: row.alertEmails, rejectedShare: row.alertRejectedShare },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    steps: wizardStepStates(progress),
    resumeStep: resumeStep(progress),
    progress,
    lastRun: run
      ? { id: run.id, status: run.status, at: (run.finishedAt ?? run.createdAt).toISOString(), rowsSent: run.rowsSent }
      : null,
    incremental:
      row.incrementalColumn && isCursorType(row.incrementalColumnType)
        ? {
            column: row.incrementalColumn,
            type: row.incrementalColumnType,
            lookback: row.incrementalLookback,
            watermark: row.watermark,
            watermarkAt: row.watermarkAt?.toISOString() ?? null,
          }
        : null,
  };
}
