import { z } from "zod";
import { storableText } from "@/lib/validation/storable-text";

/** The forms of the runs UI, shared by the form and its server action. */
const destinationId = storableText(z.string().trim().min(1, "Missing destination.").max(64));
export const runSyncNowSchema = z.object({
  destinationId,
  // "Full resync" (a checkbox-like form value): read every row, not just the incremental window.
  fullResync: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
});
export const cancelRunSchema = z.object({ runId: storableText(z.string().trim().min(1, "Missing run.").max(64)) });
export const resetLedgerSchema = z.object({
  destinationId,
  confirmName: storableText(z.string().max(200)).default(""),
});
