import { CheckCircle2, LoaderCircle } from "lucide-react";
import { formatBytes } from "@/lib/sources/csv/csv-bytes";
import { cn } from "../ui/cn";
import type { CsvUploadState } from "./use-csv-upload";

/** The upload's progress bar, announced to screen readers as a progressbar with its percentage. */
export function UploadProgress({ state }: { state: CsvUploadState }) {
  if (state.phase !== "uploading" && state.phase !== "checking" && state.phase !== "done") return null;
  const total = Math.max(state.total, 1);
  const loaded = state.phase === "uploading" ? state.loaded : state.total;
  const percent = Math.min(100, Math.round((loaded / total) * 100));
  const label =
    state.phase === "uploading"
      ? `${percent}% · ${formatBytes(loaded)} of ${formatBytes(state.total)}`
      : state.phase === "checking"
        ? "Uploaded. Checking the file…"
        : "Upload complete";
  return (
    <div className="space-y-1.5">
      <div className="flex items-center justify-between gap-3 text-sm">
        <span className="truncate font-medium" title={state.filename}>
          {state.filename}
        </span>
        <span className="flex shrink-0 items-center gap-1.5 text-xs text-muted-foreground" aria-live="polite">
          {state.phase === "checking" ? <LoaderCircle aria-hidden className="h-3.5 w-3.5 animate-spin" /> : null}
          {state.phase === "done" ? <CheckCircle2 aria-hidden className="h-3.5 w-3.5 text-success" /> : null}
          {label}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={`Uploading ${state.filename}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={label}
        className="h-2 overflow-hidden rounded-full bg-muted"
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width] duration-200",
            state.phase === "done" ? "bg-success" : "bg-primary",
            state.phase === "checking" && "animate-pulse",
          )}
          style={{ width: `${percent}%` }}
        />
      </div>
    </div>
  );
}
