"use client";

import Link from "next/link";
import type { RunView } from "@/lib/runs/run-view";
import { RunStatusBadge } from "../destinations/run-status-badge";
import { DateTime } from "../ui/date-time";
import { Td } from "../ui/table";
import { formatCount, formatDuration, TRIGGER_LABELS } from "./format-run";
import { useRunProgress } from "./run-query";

/** One run in a history table; a run still going keeps its numbers live (sharing the poll of its
 * progress bar), a finished one is static. */
export function RunRow({ initial, showDestination }: { initial: RunView; showDestination: boolean }) {
  const active = initial.status === "QUEUED" || initial.status === "RUNNING";
  const { data: run } = useRunProgress(initial, { enabled: active });
  return (
    <tr className="hover:bg-muted/50">
      <Td className="whitespace-nowrap">
        <Link href={`/runs/${run.id}`} className="font-medium hover:underline">
          <DateTime value={run.startedAt ?? run.createdAt} />
        </Link>
        <p className="text-xs text-muted-foreground">
          {TRIGGER_LABELS[run.trigger]}
          {run.triggeredByEmail ? ` · ${run.triggeredByEmail}` : ""}
        </p>
      </Td>
      {showDestination ? (
        <Td>
          <Link href={`/destinations/${run.destinationId}`} className="hover:underline">
            {run.destinationName}
          </Link>
        </Td>
      ) : null}
      <Td>
        <RunStatusBadge status={run.status} />
      </Td>
      <Td className="text-right tabular-nums">{formatCount(run.counts.read)}</Td>
      <Td className="text-right tabular-nums text-success">{formatCount(run.counts.sent)}</Td>
      <Td className="text-right tabular-nums">
        {run.counts.invalid > 0 ? <span className="text-warning">{formatCount(run.counts.invalid)}</span> : "0"}
        {run.counts.stillInvalid > 0 ? (
          <span className="block text-xs text-muted-foreground">+{formatCount(run.counts.stillInvalid)} still</span>
        ) : null}
      </Td>
      <Td className="text-right tabular-nums">
        {run.counts.rejected + run.counts.failed > 0 ? (
          <span className="text-danger">
            {formatCount(run.counts.rejected)}
            {run.counts.failed > 0 ? ` +${formatCount(run.counts.failed)} failed` : ""}
          </span>
        ) : (
          "0"
        )}
      </Td>
      <Td className="whitespace-nowrap text-right text-muted-foreground">{formatDuration(run.durationMs)}</Td>
    </tr>
  );
}
