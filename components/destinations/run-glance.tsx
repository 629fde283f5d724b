import Link from "next/link";
import type { DestinationView } from "@/lib/destinations/destination-view";
import { DateTime } from "../ui/date-time";
import { RunStatusBadge } from "./run-status-badge";

/** A destination's last run and next scheduled run, side by side under its name. */
export function RunGlance({
  destination,
}: {
  destination: Pick<DestinationView, "lastRun" | "nextRunAt" | "status" | "scheduleText">;
}) {
  const { lastRun } = destination;
  return (
    <dl className="mt-2 flex flex-wrap gap-x-8 gap-y-2 text-sm" aria-label="Runs at a glance">
      <div className="flex flex-wrap items-center gap-2">
        <dt className="text-muted-foreground">Last run</dt>
        <dd className="flex items-center gap-2">
          {lastRun ? (
            <>
              <RunStatusBadge status={lastRun.status} />
              <Link href={`/runs/${lastRun.id}`} className="font-medium hover:underline">
                <DateTime value={lastRun.at} relative />
              </Link>
            </>
          ) : (
            "Never"
          )}
        </dd>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <dt className="text-muted-foreground">Next run</dt>
        <dd className="font-medium">
          {destination.nextRunAt ? (
            <DateTime value={destination.nextRunAt} relative />
          ) : destination.status === "PAUSED" ? (
            "Paused"
          ) : destination.status === "DRAFT" ? (
            "Not until setup is saved"
          ) : (
            `Not scheduled (${destination.scheduleText.toLowerCase()})`
          )}
        </dd>
      </div>
    </dl>
  );
}
