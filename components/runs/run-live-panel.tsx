"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { RunView } from "@/lib/runs/run-view";
import { RunStatusBadge } from "../destinations/run-status-badge";
import { Alert } from "../ui/alert";
import { Card, CardBody } from "../ui/card";
import { CancelRunButton } from "./cancel-run-button";
import { formatDuration } from "./format-run";
import { RunCounts } from "./run-counts";
import { RunProgressBar } from "./run-progress-bar";
import { useRunProgress } from "./run-query";

/**
 * The top of a run's page: status, live progress bar and counts, polled while the run is active.
 * When it finishes, the server-rendered parts (reasons, problem rows) are refreshed once.
 */
export function RunLivePanel({ initial, canCancel }: { initial: RunView; canCancel: boolean }) {
  const router = useRouter();
  const { data: run, error, refetch } = useRunProgress(initial);
  const active = run.status === "QUEUED" || run.status === "RUNNING";
  const wasActive = useRef(active);
  useEffect(() => {
    if (wasActive.current && !active) router.refresh();
    wasActive.current = active;
  }, [active, router]);

  return (
    <Card>
      <CardBody className="space-y-5">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="flex flex-wrap items-center gap-3" aria-live="polite">
            <RunStatusBadge status={run.status} />
            {run.cancelRequested && active ? (
              <span className="text-sm text-muted-foreground">Stopping after the batches in flight…</span>
            ) : null}
            <span className="text-sm text-muted-foreground">
              {run.startedAt
                ? `${active ? "Running for" : "Took"} ${formatDuration(run.durationMs)}`
                : "Not started yet"}
            </span>
            {run.attempts > 1 ? (
              <span className="text-sm text-muted-foreground">
                · resumed {run.attempts - 1}× after a worker stopped
              </span>
            ) : null}
          </div>
          {canCancel && active && !run.cancelRequested ? (
            <CancelRunButton runId={run.id} onCancelled={() => void refetch()} />
          ) : null}
        </div>
        <RunProgressBar run={run} />
        {run.error ? (
          <Alert tone="danger" title="The run failed">
            {run.error}
          </Alert>
        ) : null}
        {error ? (
          <Alert tone="warning" title="Live progress paused">
            Could not reach Sluice ({error.message}). Retrying…
          </Alert>
        ) : null}
        <RunCounts counts={run.counts} />
      </CardBody>
    </Card>
  );
}
