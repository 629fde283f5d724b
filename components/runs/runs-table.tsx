import type { RunView } from "@/lib/runs/run-view";
import { Table, Th } from "../ui/table";
import { RunRow } from "./run-row";

/** Runs, newest first: what happened and how many rows went where. */
export function RunsTable({ runs, showDestination = true }: { runs: RunView[]; showDestination?: boolean }) {
  return (
    <Table>
      <thead>
        <tr>
          <Th>Run</Th>
          {showDestination ? <Th>Destination</Th> : null}
          <Th>Status</Th>
          <Th className="text-right">Read</Th>
          <Th className="text-right">Sent</Th>
          <Th className="text-right">Invalid</Th>
          <Th className="text-right">Rejected</Th>
          <Th className="text-right">Duration</Th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <RunRow key={run.id} initial={run} showDestination={showDestination} />
        ))}
      </tbody>
    </Table>
  );
}
