import { History } from "lucide-react";
import Link from "next/link";
import { isActiveStatus, type RunView } from "@/lib/runs/run-view";
import { buttonVariants } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { ActiveRunProgress } from "./active-run-progress";
import { FullResyncButton } from "./full-resync-button";
import { ResetLedgerButton } from "./reset-ledger-button";
import { RunStatusLegend } from "./run-status-legend";
import { RunSyncButton } from "./run-sync-button";
import { RunsChart } from "./runs-chart";
import { RunsTable } from "./runs-table";

/**
 * A destination's run history for its page: "Run sync now" (when `canRun`), the run in progress
 * with live progress, a chart of recent runs and the latest runs, linking to the full history;
 * for owners (`canResetLedger`), resetting the record of sent rows.
 * The page that renders it has already checked the viewer role and read the latest runs.
 */
export function DestinationRuns({
  destinationId,
  name,
  latest: { runs, nextCursor },
  canRun = false,
  canResetLedger = false,
  incrementalColumn = null,
}: {
  destinationId: string;
  name: string;
  /** The latest runs, newest first, and whether there are more. */
  latest: { runs: RunView[]; nextCursor: string | null };
  canRun?: boolean;
  canResetLedger?: boolean;
  incrementalColumn?: string | null;
}) {
  const active = runs.find((run) => isActiveStatus(run.status));
  return (
    <Card>
      <CardHeader
        title={<span id="runs-title">Runs</span>}
        description="Syncs of this destination, newest first."
        actions={
          canRun ? (
            <div className="flex flex-wrap items-start justify-end gap-2">
              {incrementalColumn ? (
                <FullResyncButton destinationId={destinationId} cursorColumn={incrementalColumn} />
              ) : null}
              <RunSyncButton destinationId={destinationId} size="sm" />
            </div>
          ) : undefined
        }
      />
      <CardBody className="space-y-5">
        {active ? <ActiveRunProgress key={active.id} initial={active} /> : null}
        {runs.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-muted-foreground">
            <History aria-hidden className="h-4 w-4" />
            No runs yet.{canRun ? " Start one with “Run sync now”." : ""}
          </p>
        ) : (
          <RunsChart runs={runs} title="Last runs" />
        )}
      </CardBody>
      {runs.length > 0 ? (
        <>
          <RunsTable runs={runs} showDestination={false} />
          <RunStatusLegend />
        </>
      ) : null}
      {nextCursor || canResetLedger ? (
        <div className="flex items-center justify-between gap-2 px-5 py-3">
          <div>
            {canResetLedger ? <ResetLedgerButton destinationId={destinationId} destinationName={name} /> : null}
          </div>
          {nextCursor ? (
            <Link
              href={`/runs?destination=${encodeURIComponent(destinationId)}`}
              className={buttonVariants({ variant: "secondary", size: "sm" })}
            >
              All runs of this destination
            </Link>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
