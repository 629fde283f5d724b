import type { ReactNode } from "react";
import type { RunView } from "@/lib/runs/run-view";
import { Card, CardBody, CardHeader } from "../ui/card";
import { DateTime } from "../ui/date-time";
import { formatCount, TRIGGER_LABELS } from "./format-run";

/** A cursor value as people read it: an instant like the other times here, anything else as is. */
function cursorValue(value: string): ReactNode {
  return /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value) ? <DateTime value={value} seconds /> : value;
}

/** The facts of a run, for whoever is asked about it later (X support wants the debug ids). */
export function RunDetails({ run }: { run: RunView }) {
  const rows: Array<[string, ReactNode, "wrap"?]> = [
    [
      "Started by",
      run.triggeredByEmail && run.trigger === "MANUAL"
        ? run.triggeredByEmail
        : run.triggeredByEmail && run.trigger === "API"
          ? `API token of ${run.triggeredByEmail}`
          : TRIGGER_LABELS[run.trigger],
    ],
    ["Started", run.startedAt ? <DateTime value={run.startedAt} seconds /> : "—"],
    ["Finished", run.finishedAt ? <DateTime value={run.finishedAt} seconds /> : "—"],
    ["Requests to X", formatCount(run.requests)],
    ["Retries", formatCount(run.retries)],
    ["Rate-limited (429)", formatCount(run.rateLimited)],
  ];
  if (run.attempts > 1) rows.push(["Worker attempts", String(run.attempts)]);
  const { reads } = run;
  if (reads.kind === "window")
    rows.push([
      "Read",
      <>
        Rows with {reads.column} ≥ {cursorValue(reads.from)} (incremental)
      </>,
      "wrap",
    ]);
  if (reads.kind === "first") rows.push(["Read", `Every row (first incremental run on ${reads.column})`, "wrap"]);
  if (reads.kind === "resync") rows.push(["Read", "Every row (full resync)", "wrap"]);
  if (reads.kind !== "all")
    rows.push(["Watermark after", reads.watermarkAfter ? cursorValue(reads.watermarkAfter) : "Unchanged", "wrap"]);
  return (
    <Card>
      <CardHeader title="Details" />
      <CardBody>
        <dl className="space-y-2 text-sm">
          {rows.map(([label, value, wrap]) => (
            <div key={label} className="flex justify-between gap-4">
              <dt className="shrink-0 text-muted-foreground">{label}</dt>
              <dd
                className={`min-w-0 text-right tabular-nums ${wrap ? "break-words" : "truncate"}`}
                title={typeof value === "string" ? value : undefined}
              >
                {value}
              </dd>
            </div>
          ))}
        </dl>
        {run.debugIds.length > 0 ? (
          <details className="mt-4 text-sm">
            <summary className="cursor-pointer font-medium">X debug ids ({run.debugIds.length})</summary>
            <ul className="mt-2 max-h-48 space-y-0.5 overflow-y-auto font-mono text-xs text-muted-foreground">
              {run.debugIds.map((debugId) => (
                <li key={debugId}>{debugId}</li>
              ))}
            </ul>
          </details>
        ) : null}
      </CardBody>
    </Card>
  );
}
