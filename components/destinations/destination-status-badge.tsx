import type { DestinationStatus } from "@/lib/generated/prisma/client";
import { Badge } from "../ui/badge";
import { toneText } from "../ui/tone-text";

const LOOK: Record<DestinationStatus, { label: string; tone: "neutral" | "success" }> = {
  DRAFT: { label: "Draft", tone: "neutral" },
  ACTIVE: { label: "Active", tone: "success" },
  PAUSED: { label: "Paused", tone: "neutral" },
};

export function DestinationStatusBadge({ status }: { status: DestinationStatus }) {
  const look = LOOK[status];
  return (
    <Badge tone={look.tone} className={look.tone === "success" ? toneText.success : undefined}>
      {look.label}
    </Badge>
  );
}
