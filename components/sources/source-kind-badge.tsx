import { Database, FileSpreadsheet } from "lucide-react";
import { Badge } from "../ui/badge";

export const SOURCE_KIND_LABELS = { POSTGRES: "PostgreSQL query", CSV: "CSV file" } as const;

export function SourceKindBadge({ kind }: { kind: keyof typeof SOURCE_KIND_LABELS }) {
  const Icon = kind === "POSTGRES" ? Database : FileSpreadsheet;
  return (
    <Badge tone={kind === "POSTGRES" ? "primary" : "neutral"}>
      <Icon aria-hidden className="h-3 w-3" />
      {SOURCE_KIND_LABELS[kind]}
    </Badge>
  );
}
