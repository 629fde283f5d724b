import type { SyncRunStatus } from "@/lib/generated/prisma/client";
import { Badge } from "../ui/badge";
import { toneText } from "../ui/tone-text";

const LOOK: Record<SyncRunStatus, { label: string; tone: "neutral" | "primary" | "success" | "danger" }> = {
  QUEUED: { label: "Queued", tone: "neutral" },
  RUNNING: { label: "Running", tone: "primary" },
  SUCCEEDED: { label: "Succeeded", tone: "success" },
  PARTIAL: { label: "Partly sent", tone: "danger" },
  FAILED: { label: "Failed", tone: "danger" },
  CANCELLED: { label: "Cancelled", tone: "neutral" },
};

export function RunStatusBadge({ status }: { status: SyncRunStatus }) {
  const look = LOOK[status];
  return <Badge tone={look.tone} className={look.tone === "success" || look.tone === "danger" ? toneText[look.tone] : undefined}>{look.label}</Badge>;
}
