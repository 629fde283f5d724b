import type { RunCountsView } from "@/lib/runs/run-view";
import { cn } from "../ui/cn";
import { formatCount } from "./format-run";

const TILES: Array<{ key: keyof RunCountsView; label: string; hint: string; tone?: string }> = [
  { key: "read", label: "Rows read", hint: "From the source, this run" },
  { key: "sent", label: "Sent", hint: "Accepted by X", tone: "text-success" },
  { key: "alreadySent", label: "Already sent", hint: "Skipped: sent by an earlier run" },
  { key: "invalid", label: "Invalid", hint: "New: fix the data or mapping", tone: "text-warning" },
  { key: "stillInvalid", label: "Still invalid", hint: "As in an earlier run; not listed again" },
  { key: "rejected", label: "Rejected by X", hint: "X refused these rows", tone: "text-danger" },
  {
    key: "duplicate",
    label: "Repeated id",
    hint: "Same conversion id as an earlier row; X keeps the first",
    tone: "text-warning",
  },
  { key: "failed", label: "Failed", hint: "X unreachable; retried next run", tone: "text-danger" },
];

/** The numbers of a run; read = already sent + invalid + still invalid + rejected + repeated + sent + failed. */
export function RunCounts({ counts }: { counts: RunCountsView }) {
  return (
    <dl className="grid grid-cols-2 gap-px overflow-hidden rounded-lg border border-border bg-border sm:grid-cols-4 lg:grid-cols-8">
      {TILES.map((tile) => (
        <div key={tile.key} className="bg-card px-4 py-3">
          <dt className="text-xs font-medium text-muted-foreground">{tile.label}</dt>
          <dd
            className={cn("mt-1 text-xl font-semibold tabular-nums", counts[tile.key] > 0 ? tile.tone : null)}
            data-count={tile.key}
          >
            {formatCount(counts[tile.key])}
          </dd>
          <dd className="mt-0.5 text-xs text-muted-foreground">{tile.hint}</dd>
        </div>
      ))}
    </dl>
  );
}
