import type { SyncRunStatus } from "@/lib/generated/prisma/client";
import { Badge } from "../ui/badge";
import { toneText } from "../ui/tone-text";

/**
 * How each status looks and what it means (the legend under run lists says the same). Red is kept
 * for runs that sent nothing at all: rows that were not sent beside rows that were make a run
 * amber, and rows still invalid as in an earlier run change nothing (they were reported then).
 */
export const RUN_STATUS_LOOK: Record<
  SyncRunStatus,
  { label: string; tone: "neutral" | "primary" | "success" | "warning" | "danger"; meaning: string }
> = {
  QUEUED: { label: "Queued", tone: "neutral", meaning: "Waiting for a worker to pick it up." },
  RUNNING: { label: "Running", tone: "primary", meaning: "Reading the source and sending to X." },
  SUCCEEDED: { label: "Succeeded", tone: "success", meaning: "New rows were sent and no new problem was found." },
  UP_TO_DATE: {
    label: "Up to date",
    tone: "success",
    meaning:
      "Nothing new to send and no new problem: every row had been sent before, or is still invalid for the same reason as in an earlier run.",
  },
  PARTIAL: {
    label: "Partly sent",
    tone: "warning",
    meaning: "Some rows were sent; others are newly invalid, rejected by X or could not be delivered (see the run).",
  },
  FAILED: { label: "Failed", tone: "danger", meaning: "Not one row could be sent, or the run stopped on an error." },
  CANCELLED: {
    label: "Cancelled",
    tone: "neutral",
    meaning: "Stopped by hand; what was sent before the stop stays sent.",
  },
};

export function RunStatusBadge({ status }: { status: SyncRunStatus }) {
  const look = RUN_STATUS_LOOK[status];
  return (
    <Badge
      tone={look.tone}
      data-status={status}
      className={
        look.tone === "success" || look.tone === "danger" || look.tone === "warning" ? toneText[look.tone] : undefined
      }
    >
      {look.label}
    </Badge>
  );
}
