import { Database, FileSpreadsheet } from "lucide-react";
import Link from "next/link";
import { cn } from "../ui/cn";

const KINDS = [
  {
    kind: "postgres",
    title: "PostgreSQL query",
    description: "A SELECT on your own database, read-only, streamed.",
    icon: Database,
  },
  {
    kind: "csv",
    title: "CSV upload",
    description: "A file exported from a shop, CRM or spreadsheet.",
    icon: FileSpreadsheet,
  },
] as const;

export type NewSourceKind = (typeof KINDS)[number]["kind"];

/** The two kinds of source, as links (one URL per choice, so it survives a reload). */
export function SourceKindPicker({
  current,
  destinationId = null,
}: {
  current: NewSourceKind;
  destinationId?: string | null;
}) {
  return (
    <nav aria-label="Kind of source" className="mb-6 grid gap-3 sm:grid-cols-2">
      {KINDS.map(({ kind, title, description, icon: Icon }) => {
        const active = kind === current;
        return (
          <Link
            key={kind}
            href={`/sources/new?kind=${kind}${destinationId ? `&for=${encodeURIComponent(destinationId)}` : ""}`}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-start gap-3 rounded-lg border bg-card p-4 shadow-sm transition-colors hover:border-primary/60",
              active ? "border-primary ring-1 ring-primary" : "border-border",
            )}
          >
            <span
              className={cn(
                "flex h-9 w-9 shrink-0 items-center justify-center rounded-md",
                active ? "bg-primary text-primary-foreground" : "bg-accent text-accent-foreground",
              )}
            >
              <Icon aria-hidden className="h-4 w-4" />
            </span>
            <span>
              <span className="block text-sm font-semibold">{title}</span>
              <span className="block text-sm text-muted-foreground">{description}</span>
            </span>
          </Link>
        );
      })}
    </nav>
  );
}
