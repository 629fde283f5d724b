import { z } from "zod";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { mappingSpecSchema } from "@/lib/conversions";
import type { Db } from "@/lib/db/client";
import { scheduleColumns, scheduleOf } from "@/lib/destinations/schedule";
import { refuseUnstorableJson } from "@/lib/validation/storable-text";

/**
 * A destination's configuration as a file, to copy it between Sluice installations or keep it in
 * version control. Deliberately without secrets: no X tokens, no connection string, and no alert
 * webhook URL (chat webhooks carry their secret in the URL). On import, the source and the X
 * connection are matched by name in the target Sluice, and the destination is created as a
 * draft for a person to review.
 */
export const destinationExportSchema = z
  .strictObject({
    sluice: z.literal("destination"),
    version: z.literal(1),
    exportedAt: z.string().optional(),
    destination: z.strictObject({
      name: z.string().trim().min(1).max(100),
      adAccountId: z.string().nullable(),
      adAccountName: z.string().nullable(),
      pixelId: z.string().nullable(),
      eventId: z.string().nullable(),
      schedule: z.strictObject({
        kind: z.enum(["MANUAL", "INTERVAL", "DAILY", "CRON"]),
        intervalMinutes: z.number().int().min(1).max(10_080).nullable(),
        dailyAt: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
          .nullable(),
        // Added 2026-12: files exported before have neither (UTC daily times).
        cron: z.string().max(200).nullable().optional(),
        timeZone: z.string().max(64).nullable().optional(),
      }),
      alertRejectedShare: z.number().min(0).max(1).nullable(),
      mapping: mappingSpecSchema.nullable(),
    }),
    source: z
      .strictObject({ name: z.string(), kind: z.enum(["POSTGRES", "CSV"]), query: z.string().nullable() })
      .nullable(),
    connection: z
      .strictObject({ kind: z.enum(["OAUTH", "PIXEL_TOKEN"]), label: z.string(), screenName: z.string().nullable() })
      .nullable(),
  })
  // A file can hold "\u0000" anywhere; PostgreSQL stores it nowhere (text or jsonb).
  .superRefine((file, ctx) => refuseUnstorableJson(file, ctx));

export type DestinationExport = z.infer<typeof destinationExportSchema>;

export async function exportDestination(db: Db, destinationId: string): Promise<DestinationExport> {
  const row = await db.destination.findUniqueOrThrow({
    where: { id: destinationId },
    select: {
      name: true,
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
      alertRejectedShare: true,
      source: { select: { name: true, kind: true, query: true } },
      connection: { select: { kind: true, label: true, screenName: true } },
    },
  });
  const mapping = row.mapping === null ? null : mappingSpecSchema.safeParse(row.mapping);
  return {
    sluice: "destination",
    version: 1,
    exportedAt: new Date().toISOString(),
    destination: {
      name: row.name,
      adAccountId: row.adAccountId,
      adAccountName: row.adAccountName,
      pixelId: row.pixelId,
      eventId: row.eventId,
      schedule: {
        kind: row.scheduleKind,
        intervalMinutes: row.scheduleIntervalMinutes,
        dailyAt: row.scheduleDailyAt,
        cron: row.scheduleCron,
        timeZone: row.scheduleTimeZone,
      },
      alertRejectedShare: row.alertRejectedShare,
      mapping: mapping?.success ? mapping.data : null,
    },
    source: row.source
      ? {
          name: row.source.name,
          kind: row.source.kind,
          query: row.source.kind === "POSTGRES" ? row.source.query : null,
        }
      : null,
    connection: row.connection
      ? { kind: row.connection.kind, label: row.connection.label, screenName: row.connection.screenName }
      : null,
  };
}

export interface ImportResult {
  destinationId: string;
  name: string;
  sourceLinked: string | null;
  connectionLinked: string | null;
  notes: string[];
}

/** Creates a draft destination from an export, linking the source and X connection of the same
 * name. Audited as the CLI's (no actor: it runs with database access) or the API token's creator. */
export async function importDestination(
  db: Db,
  file: DestinationExport,
  by: { actor: AuditActor | null; via: "cli" | "api"; tokenId?: string } = { actor: null, via: "cli" },
): Promise<ImportResult> {
  const notes: string[] = [];
  const wanted = file.destination;
  const source = file.source
    ? await uniqueMatch(
        db.source.findMany({
          where: { name: file.source.name, kind: file.source.kind },
          select: { id: true, name: true },
          take: 2,
        }),
      )
    : null;
  if (file.source && !source)
    notes.push(
      `no single ${file.source.kind === "CSV" ? "CSV" : "Postgres"} source named "${file.source.name}" here: choose the source in the setup`,
    );
  const connection = file.connection
    ? await uniqueMatch(
        db.xConnection.findMany({
          where: {
            kind: file.connection.kind,
            revokedAt: null,
            ...(file.connection.screenName
              ? { screenName: file.connection.screenName }
              : { label: file.connection.label }),
          },
          select: { id: true, label: true },
          take: 2,
        }),
      )
    : null;
  if (file.connection && !connection)
    notes.push(`no X connection "${file.connection.label}" here: connect X in the setup`);
  const taken = await db.destination.count({ where: { name: wanted.name } });
  const name = taken > 0 ? `${wanted.name} (imported)`.slice(0, 100) : wanted.name;
  const schedule = scheduleOf({
    scheduleKind: wanted.schedule.kind,
    scheduleIntervalMinutes: wanted.schedule.intervalMinutes,
    scheduleDailyAt: wanted.schedule.dailyAt,
    scheduleCron: wanted.schedule.cron ?? null,
    scheduleTimeZone: wanted.schedule.timeZone ?? null,
  });
  const created = await db.destination.create({
    data: {
      name,
      status: "DRAFT",
      wizardStep: null,
      connectionId: connection?.id ?? null,
      adAccountId: wanted.adAccountId,
      adAccountName: wanted.adAccountName,
      pixelId: wanted.pixelId,
      eventId: wanted.eventId,
      sourceId: source?.id ?? null,
      mapping: wanted.mapping ?? undefined,
      ...scheduleColumns(schedule),
      // A draft never runs; saving it in the setup sets the next run time.
      nextRunAt: null,
      alertRejectedShare: wanted.alertRejectedShare,
    },
    select: { id: true },
  });
  await recordAuditEvent(
    db,
    by.actor,
    "destination.import",
    { type: "Destination", id: created.id },
    { via: by.via, name, ...(by.tokenId ? { tokenId: by.tokenId } : {}) },
  );
  notes.push("created as a draft: review it in the app and save it to start syncing");
  return {
    destinationId: created.id,
    name,
    sourceLinked: source?.name ?? null,
    connectionLinked: connection?.label ?? null,
    notes,
  };
}

async function uniqueMatch<T>(query: Promise<T[]>): Promise<T | null> {
  const rows = await query;
  return rows.length === 1 ? rows[0]! : null;
}
