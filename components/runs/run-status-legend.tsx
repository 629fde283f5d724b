import type { SyncRunStatus } from "@/lib/generated/prisma/client";
import { RUN_STATUS_LOOK, RunStatusBadge } from "../destinations/run-status-badge";

// Finished statuses only: queued and running explain themselves on the live progress bar.
const SHOWN: readonly SyncRunStatus[] = ["SUCCEEDED", "UP_TO_DATE", "PARTIAL", "FAILED", "CANCELLED"];

/** What each run status means, folded away under a run list. */
export function RunStatusLegend() {
  return (
    <details className="px-5 py-3 text-sm">
      <summary className="cursor-pointer text-muted-foreground hover:text-foreground">What the statuses mean</summary>
      <dl className="mt-3 grid gap-x-4 gap-y-2 sm:grid-cols-[max-content_1fr]">
        {SHOWN.map((status) => (
          <div key={status} className="contents">
            <dt>
              <RunStatusBadge status={status} />
            </dt>
            <dd className="text-muted-foreground">{RUN_STATUS_LOOK[status].meaning}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
