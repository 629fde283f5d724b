import { z } from "zod";

/** The forms of the runs UI, shared by the form and its server action. */
export const runSyncNowSchema = z.object({ destinationId: z.string().trim().min(1, "Missing destination.").max(64) });
export const cancelRunSchema = z.object({ runId: z.string().trim().min(1, "Missing run.").max(64) });
export const resetLedgerSchema = z.object({
  destinationId: z.string().trim().min(1, "Missing destination.").max(64),
  confirmName: z.string().max(200).default(""),
});
