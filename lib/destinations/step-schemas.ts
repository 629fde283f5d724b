import { z } from "zod";
import { base36Id } from "@/lib/connections/connection-schemas";
import { mappingSpecSchema } from "@/lib/conversions";
import { oneLineText, refuseUnstorableJson, storableText } from "@/lib/validation/storable-text";
import { parseEventIdInput } from "./event-id";
import { parseAlertEmails } from "./alert-emails";
import { checkAlertWebhookUrl } from "./alert-webhook";
import { isTimeZone } from "@/lib/format/date-time";
import { checkCronExpression, DAILY_AT_PATTERN } from "./schedule";

/**
 * One zod schema per wizard form, used by the form (field names) and by its server action (the
 * only validation that counts). Checks against X and the source happen after these, on the server.
 */
const destinationId = storableText(z.string().trim().min(1, "Missing destination.").max(100));

export const destinationNameSchema = oneLineText(
  z.string().trim().min(1, "Give the destination a name.").max(100, "Keep the name under 100 characters."),
);

/** `sourceId` when started from a source's page: the draft reads that source from the start. */
export const newDestinationSchema = z.object({
  name: destinationNameSchema,
  sourceId: storableText(z.string().trim().max(100)).optional(),
});

export const destinationIdSchema = z.object({ destinationId });

export const setPausedSchema = destinationIdSchema.extend({
  paused: z.enum(["true", "false"]).transform((value) => value === "true"),
});

// A radio group with nothing chosen sends no field at all; say what to do rather than "expected string".
const chosen = (message: string) => storableText(z.string({ error: message }).trim().min(1, message).max(100));

export const connectionStepSchema = z.object({ destinationId, connectionId: chosen("Choose an X connection.") });

export const accountStepSchema = z.object({
  destinationId,
  adAccountId: chosen("Choose an ad account.").pipe(base36Id("ad account ID")),
});

/**
 * The Pixel ID may be left empty when the Event ID is typed as `tw-<pixel>-<event>`: the pixel is
 * taken from it. Either way the event is stored bare, as X lists it.
 */
export const eventStepSchema = z
  .object({
    destinationId,
    pixelId: z.string().trim().toLowerCase().max(80, "That is too long for a Pixel ID.").default(""),
    eventId: z.string().trim().toLowerCase().max(80, "That is too long for an Event ID."),
  })
  .transform((input, ctx) => {
    const parsed = parseEventIdInput(input.eventId);
    const pixelSource = input.pixelId || (parsed.ok && parsed.pixelId) || "";
    const pixel = base36Id("Pixel ID").safeParse(pixelSource);
    if (!pixel.success) ctx.addIssue({ code: "custom", path: ["pixelId"], message: pixel.error.issues[0]!.message });
    if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["eventId"], message: parsed.message });
    else if (pixel.success && parsed.pixelId && parsed.pixelId !== pixel.data) {
      ctx.addIssue({
        code: "custom",
        path: ["eventId"],
        message: `This Event ID names pixel ${parsed.pixelId}, but the Pixel ID is ${pixel.data}.`,
      });
    }
    if (!pixel.success || !parsed.ok) return z.NEVER;
    return { destinationId: input.destinationId, pixelId: pixel.data, eventId: parsed.bare };
  });

export const sourceStepSchema = z.object({ destinationId, sourceId: chosen("Choose a source.") });

// The mapping is stored as jsonb, which cannot hold U+0000 (a static value, say): refused per
// field here, like every other form value.
export const mappingStepSchema = z.object({
  destinationId,
  mapping: mappingSpecSchema.superRefine((spec, ctx) => refuseUnstorableJson(spec, ctx)),
});

export const testEventSchema = z.object({ destinationId, rowNumber: z.coerce.number().int().min(1, "Choose a row.") });

export const INTERVAL_LIMITS = { minutes: { min: 5, max: 1440 }, hours: { min: 1, max: 168 } } as const;

export const scheduleStepSchema = z
  .object({
    destinationId,
    name: destinationNameSchema,
    scheduleKind: z.enum(["MANUAL", "INTERVAL", "DAILY", "CRON"], { error: "Choose when it runs." }),
    intervalEvery: storableText(z.string().trim().max(20)).optional(),
    intervalUnit: z.enum(["minutes", "hours"]).default("hours"),
    dailyAt: storableText(z.string().trim().max(20)).optional(),
    cron: storableText(z.string().trim().max(200, "Keep the expression under 200 characters.")).optional(),
    // The IANA zone daily times and cron expressions are read in (the form offers the viewer's);
    // absent, UTC.
    scheduleTimeZone: storableText(z.string().trim().max(64)).optional(),
    // "keep" leaves a saved webhook as it is (the form never holds its URL), "set" saves the URL
    // given, "none" removes it.
    alertWebhook: z.enum(["keep", "set", "none"]).default("keep"),
    alertWebhookUrl: storableText(
      z.string().trim().max(2000, "That URL is too long (2,000 characters at most)."),
    ).optional(),
    alertRejectedPercent: storableText(z.string().trim().max(20)).optional(),
    // Addresses alerted by e-mail; absent leaves the saved ones, empty removes them.
    alertEmails: storableText(z.string().trim().max(2000, "That is too long for a list of addresses.")).optional(),
    // What each run reads: every row (the ledger skips what was sent) or, for a Postgres source,
    // the rows after the watermark of a cursor column. Checked against the source on save.
    readMode: z.enum(["FULL", "INCREMENTAL"]).default("FULL"),
    cursorColumn: storableText(z.string().trim().max(200)).optional(),
    lookbackValue: storableText(z.string().trim().max(20)).optional(),
    lookbackUnit: z.enum(["minutes", "hours", "values"]).default("hours"),
    // Second submits: "save without an index" and "reset the watermark" after being told.
    acceptNoIndex: z.enum(["true"]).optional(),
    confirmWatermarkReset: z.enum(["true"]).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.readMode === "INCREMENTAL") {
      if (!input.cursorColumn)
        ctx.addIssue({
          code: "custom",
          path: ["cursorColumn"],
          message: "Choose the column that tells which rows are new, like updated_at.",
        });
      if (parseLookback(input.lookbackValue ?? "", input.lookbackUnit) === null) {
        ctx.addIssue({
          code: "custom",
          path: ["lookbackValue"],
          message: `Enter a whole number of ${input.lookbackUnit} from 0 to ${LOOKBACK_MAX[input.lookbackUnit].toLocaleString("en-US")}.`,
        });
      }
    }
    if (input.alertWebhook === "set") {
      const checked = checkAlertWebhookUrl(input.alertWebhookUrl ?? "");
      if (!checked.ok)
        ctx.addIssue({
          code: "custom",
          path: ["alertWebhookUrl"],
          message: input.alertWebhookUrl ? checked.message : "Enter the webhook URL, or choose not to send alerts.",
        });
    } else if (input.alertWebhookUrl) {
      // A URL that would be ignored is refused rather than dropped without a word.
      ctx.addIssue({
        code: "custom",
        path: ["alertWebhookUrl"],
        message: "Choose “Replace URL” to change the saved webhook, or clear this field.",
      });
    }
    if (input.alertEmails) {
      const parsed = parseAlertEmails(input.alertEmails);
      if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["alertEmails"], message: parsed.message });
    }
    if (input.alertRejectedPercent && parseRejectedPercent(input.alertRejectedPercent) === null) {
      ctx.addIssue({
        code: "custom",
        path: ["alertRejectedPercent"],
        message: "Enter a percentage from 0 to 100 (like 5 or 2.5), or leave it empty to alert on failed runs only.",
      });
    }
    if (input.scheduleKind === "INTERVAL") {
      const limits = INTERVAL_LIMITS[input.intervalUnit];
      // Digits only: Number() would also take "0x10", "1e1" and "15.0".
      const every = /^\d{1,5}$/.test(input.intervalEvery ?? "") ? Number(input.intervalEvery) : Number.NaN;
      if (!(every >= limits.min && every <= limits.max)) {
        ctx.addIssue({
          code: "custom",
          path: ["intervalEvery"],
          message: `Enter a whole number of ${input.intervalUnit} from ${limits.min} to ${limits.max}.`,
        });
      }
    }
    if (input.scheduleKind === "DAILY" && !DAILY_AT_PATTERN.test(input.dailyAt ?? "")) {
      ctx.addIssue({ code: "custom", path: ["dailyAt"], message: "Enter a time as HH:mm (24-hour), like 06:30." });
    }
    const zoned = input.scheduleKind === "DAILY" || input.scheduleKind === "CRON";
    const timeZone = input.scheduleTimeZone || "UTC";
    const zoneKnown = isTimeZone(timeZone);
    if (zoned && !zoneKnown) {
      ctx.addIssue({
        code: "custom",
        path: ["scheduleTimeZone"],
        message: "Choose a time zone from the list, like Europe/Paris or UTC.",
      });
    }
    if (input.scheduleKind === "CRON" && zoneKnown) {
      const problem = checkCronExpression(input.cron ?? "", timeZone);
      if (problem) ctx.addIssue({ code: "custom", path: ["cron"], message: problem });
    }
  });
export type ScheduleStepInput = z.output<typeof scheduleStepSchema>;

const LOOKBACK_MAX = { minutes: 60 * 24 * 30, hours: 24 * 30, values: 1_000_000_000 } as const;

/** A lookback as typed → what the destination keeps: seconds for minutes and hours, the count for
 * values (an integer cursor); null when it is not a whole number in range. */
export function parseLookback(text: string, unit: "minutes" | "hours" | "values"): number | null {
  if (!/^\d{1,10}$/.test(text)) return null;
  const value = Number(text);
  if (value > LOOKBACK_MAX[unit]) return null;
  return unit === "values" ? value : value * (unit === "hours" ? 3600 : 60);
}

/** "5" or "2.5" (a percentage, at most two decimals) as a share of 1 (0.05, 0.025); null if it is
 * not one. Digits only, as for intervals: Number() would also take "1e1" and "0x10". */
export function parseRejectedPercent(text: string): number | null {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return null;
  const percent = Number(text);
  return percent <= 100 ? Math.round(percent * 100) / 10_000 : null;
}
