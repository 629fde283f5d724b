"use server";

import { revalidatePath } from "next/cache";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getSharedJobQueue } from "@/lib/jobs/shared-job-queue";
import { cancelRunSchema, resetLedgerSchema, runSyncNowSchema } from "@/lib/runs/run-schemas";
import { defineAction } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";
import { cancelSyncRun } from "@/lib/sync/lifecycle/cancel-sync-run";
import { requestSyncRun } from "@/lib/sync/lifecycle/request-sync-run";
import { resetSentLedger } from "@/lib/sync/lifecycle/reset-sent-ledger";

/** "Run sync now": writes a queued run and enqueues its job; a worker runs it (conventions.md §8). */
export const runSyncNowAction = defineAction({ role: "EDITOR", schema: runSyncNowSchema }, async (input, user) => {
  const db = getDb();
  const { runId } = await requestSyncRun(db, await getSharedJobQueue(), {
    destinationId: input.destinationId,
    trigger: "MANUAL",
    actor: user,
    fullResync: input.fullResync,
  });
  await recordAuditEvent(
    db,
    user,
    "run.start",
    { type: "SyncRun", id: runId },
    { destinationId: input.destinationId, ...(input.fullResync ? { fullResync: true } : {}) },
  );
  revalidatePath("/runs");
  revalidatePath(`/destinations/${input.destinationId}`);
  const message = input.fullResync
    ? "Full resync queued: it reads every row once; rows already sent are skipped."
    : "Sync queued. It starts as soon as a worker is free.";
  return { ok: true, data: { runId }, message };
});

export const cancelRunAction = defineAction({ role: "EDITOR", schema: cancelRunSchema }, async (input, user) => {
  const { status } = await cancelSyncRun(getDb(), user, input.runId);
  revalidatePath(`/runs/${input.runId}`);
  return {
    ok: true,
    data: { status },
    message:
      status === "CANCELLED"
        ? "Run cancelled before it started."
        : "Stopping: batches already on their way to X finish, nothing more is sent.",
  };
});

/** Owners only, with the destination's name typed as confirmation; audited. */
export const resetLedgerAction = defineAction({ role: "OWNER", schema: resetLedgerSchema }, async (input, user) => {
  const { forgotten } = await resetSentLedger(getDb(), user, input);
  revalidatePath(`/destinations/${input.destinationId}`);
  revalidatePath("/runs");
  return {
    ok: true,
    data: { forgotten },
    message: `Forgot ${forgotten.toLocaleString("en-US")} sent ${forgotten === 1 ? "row" : "rows"}. The next run sends every row again.`,
  };
});
