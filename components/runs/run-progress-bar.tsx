import type { RunView } from "@/lib/runs/run-view";
import { cn } from "../ui/cn";
import { formatCount } from "./format-run";

/**
 * Rows processed against the estimate. Without an estimate (a first run of a CSV) the bar shows
 * activity and the count, never a made-up percentage.
 */
export function RunProgressBar({ run, compact = false }: { run: RunView; compact?: boolean }) {
  const processed = run.counts.read;
  const completed = run.status === "SUCCEEDED" || run.status === "UP_TO_DATE" || run.status === "PARTIAL";
  const finished = completed || run.status === "FAILED" || run.status === "CANCELLED";
  const estimate =
    run.rowsTotalEstimate && run.rowsTotalEstimate > 0 ? Math.max(run.rowsTotalEstimate, processed) : null;
  // A running sync never shows 100% before it has really finished (the estimate can be short).
  const percent = completed
    ? 100
    : estimate
      ? Math.min(finished ? 100 : 99, Math.floor((processed / estimate) * 100))
      : null;
  const label =
    run.status === "QUEUED"
      ? "Waiting for a worker"
      : estimate && !completed
        ? `${formatCount(processed)} of ${formatCount(estimate)} rows`
        : `${formatCount(processed)} rows processed`;
  return (
    <div className={cn("space-y-1.5", compact ? "text-xs" : "text-sm")}>
      <div className="flex items-baseline justify-between gap-3">
        <span className="font-medium">{label}</span>
        {percent !== null && run.status !== "QUEUED" ? (
          <span className="tabular-nums text-muted-foreground">{percent}%</span>
        ) : null}
      </div>
      <div
        role="progressbar"
        aria-label={`Progress of the run of ${run.destinationName}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={label}
        className={cn("overflow-hidden rounded-full bg-muted", compact ? "h-1.5" : "h-2.5")}
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width] duration-700 ease-out",
            run.status === "FAILED"
              ? "bg-danger"
              : run.status === "CANCELLED"
                ? "bg-muted-foreground"
                : finished
                  ? "bg-success"
                  : "bg-primary",
            percent === null && !finished ? "w-1/3 animate-pulse" : null,
          )}
          style={percent === null ? undefined : { width: `${Math.max(percent, run.status === "RUNNING" ? 2 : 0)}%` }}
        />
      </div>
    </div>
  );
}
