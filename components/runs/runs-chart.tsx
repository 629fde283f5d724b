import type { RunView } from "@/lib/runs/run-view";
import { formatDateTime } from "@/lib/format/date-time";
import { formatCount } from "./format-run";

const SERIES = [
  { key: "sent", label: "Sent", className: "bg-success" },
  { key: "invalid", label: "Invalid", className: "bg-warning" },
  { key: "stillInvalid", label: "Still invalid", className: "bg-warning/35" },
  { key: "rejected", label: "Rejected by X", className: "bg-danger" },
] as const;

/**
 * Sent / invalid / still invalid / rejected per run, oldest on the left, as stacked bars scaled to the largest
 * run shown. Each bar carries its numbers as text for screen readers and as a tooltip.
 */
export function RunsChart({ runs, title = "Recent runs" }: { runs: RunView[]; title?: string }) {
  // Runs in progress have their own live bar; the chart compares finished ones.
  const shown = runs
    .filter((run) => run.status !== "QUEUED" && run.status !== "RUNNING")
    .slice(0, 30)
    .reverse();
  if (shown.length === 0) return null;
  const max = Math.max(
    1,
    ...shown.map((run) => run.counts.sent + run.counts.invalid + run.counts.stillInvalid + run.counts.rejected),
  );
  return (
    <figure className="space-y-3" aria-labelledby="runs-chart-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <figcaption id="runs-chart-title" className="text-sm font-medium">
          {title}
        </figcaption>
        <ul className="flex gap-4 text-xs text-muted-foreground">
          {SERIES.map((series) => (
            <li key={series.key} className="flex items-center gap-1.5">
              <span aria-hidden className={`h-2.5 w-2.5 rounded-sm ${series.className}`} />
              {series.label}
            </li>
          ))}
        </ul>
      </div>
      <ol className="flex h-28 items-end gap-1 border-b border-border" aria-label="Rows per run, oldest first">
        {shown.map((run) => {
          const summary = `${formatDateTime(run.startedAt ?? run.createdAt)}: ${formatCount(run.counts.sent)} sent, ${formatCount(run.counts.invalid)} invalid, ${formatCount(run.counts.stillInvalid)} still invalid, ${formatCount(run.counts.rejected)} rejected`;
          return (
            <li key={run.id} className="flex h-full min-w-1.5 max-w-8 flex-1 flex-col justify-end" title={summary}>
              <span className="sr-only">{summary}</span>
              {[...SERIES].reverse().map((series) => {
                const value = run.counts[series.key];
                return value > 0 ? (
                  <span
                    key={series.key}
                    aria-hidden
                    className={`block w-full first:rounded-t-sm ${series.className}`}
                    style={{ height: `${Math.max(2, (value / max) * 100)}%` }}
                  />
                ) : null;
              })}
              {run.counts.sent + run.counts.invalid + run.counts.stillInvalid + run.counts.rejected === 0 ? (
                <span aria-hidden className="block h-0.5 w-full bg-muted-foreground/40" />
              ) : null}
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
