import { History } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActiveRunProgress } from "@/components/runs/active-run-progress";
import { ResetLedgerButton } from "@/components/runs/reset-ledger-button";
import { RunStatusLegend } from "@/components/runs/run-status-legend";
import { RunSyncButton } from "@/components/runs/run-sync-button";
import { RunsChart } from "@/components/runs/runs-chart";
import { RunsFilterForm } from "@/components/runs/runs-filter-form";
import { RunsTable } from "@/components/runs/runs-table";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { getDestinationHeading } from "@/lib/runs/get-destination-heading";
import { listDestinationChoices } from "@/lib/runs/list-destination-choices";
import { listRuns } from "@/lib/runs/list-runs";
import { hasRunFilters, parseRunFilters, runsHref } from "@/lib/runs/run-filters";
import { isActiveStatus } from "@/lib/runs/run-view";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";

export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("VIEWER");
  const { filters, cursor, createdFrom, createdBefore, rangeError } = parseRunFilters(await searchParams);
  const destinationId = filters.destinationId;
  const db = getDb();
  const [destination, destinations] = await Promise.all([
    destinationId ? getDestinationHeading(db, destinationId) : null,
    listDestinationChoices(db),
  ]);
  if (destinationId && !destination) notFound();
  const { runs, nextCursor } = rangeError
    ? { runs: [], nextCursor: null }
    : await listRuns(db, { destinationId, status: filters.status, createdFrom, createdBefore, cursor });
  const filtered = hasRunFilters(filters);
  const active = cursor ? [] : runs.filter((run) => isActiveStatus(run.status));
  const isOwner = hasRole(user.role, "OWNER");
  const canRun = destination !== null && destination.status !== "DRAFT" && hasRole(user.role, "EDITOR");

  return (
    <>
      {destination ? (
        <p className="mb-1 text-sm text-muted-foreground">
          <Link href="/runs" className="hover:text-foreground hover:underline">
            Runs
          </Link>
          {" / "}
          <Link href={`/destinations/${destination.id}`} className="hover:text-foreground hover:underline">
            {destination.name}
          </Link>
        </p>
      ) : null}
      <PageHeader
        title={destination ? `Runs of ${destination.name}` : "Runs"}
        description={
          destination ? (
            <>
              {destination.scheduleText}
              {destination.nextRunAt ? (
                <>
                  {" "}
                  · next run <DateTime value={destination.nextRunAt} relative />
                </>
              ) : destination.status === "PAUSED" ? (
                " · paused"
              ) : (
                ""
              )}
              . Newest runs first.
            </>
          ) : (
            "Every sync, by hand or on a schedule, with what was sent and what was not — newest first."
          )
        }
        actions={
          destination && (canRun || isOwner) ? (
            <div className="flex items-start gap-2">
              {isOwner ? <ResetLedgerButton destinationId={destination.id} destinationName={destination.name} /> : null}
              {canRun ? <RunSyncButton destinationId={destination.id} /> : null}
            </div>
          ) : undefined
        }
      />
      {active.length > 0 ? (
        <section aria-label="Running now" className="mb-6 space-y-3">
          {active.map((run) => (
            <ActiveRunProgress key={run.id} initial={run} title={destination ? undefined : run.destinationName} />
          ))}
        </section>
      ) : null}
      {filtered || cursor || runs.length > 0 ? (
        <RunsFilterForm
          filters={filters}
          destinations={
            destination && !destinations.some((d) => d.id === destination.id)
              ? [destination, ...destinations]
              : destinations
          }
          rangeError={rangeError}
        />
      ) : null}
      {runs.length === 0 && !cursor && filtered ? (
        <EmptyState
          icon={History}
          title="No runs match these filters"
          action={
            <Link
              href={runsHref({ ...filters, status: null, from: null, to: null })}
              className={buttonVariants({ variant: "secondary" })}
            >
              Show all runs{destination ? ` of ${destination.name}` : ""}
            </Link>
          }
        >
          Try another status or a wider range of days.
        </EmptyState>
      ) : runs.length === 0 && !cursor ? (
        <EmptyState icon={History} title="No runs yet">
          {destination
            ? "This destination has not synced yet."
            : "When a destination syncs, each run appears here with its counts — rows read, sent, already sent, invalid and rejected by X — and every row that was not sent, with its reason."}
        </EmptyState>
      ) : (
        <Card>
          {!cursor && !filtered && runs.some((run) => !isActiveStatus(run.status)) ? (
            <CardBody className="border-b border-border">
              <RunsChart runs={runs} />
            </CardBody>
          ) : null}
          <RunsTable runs={runs} showDestination={!destination} />
          <RunStatusLegend />
          {cursor || nextCursor ? (
            <nav aria-label="Pages of runs" className="flex justify-end gap-2 px-5 py-3">
              {cursor ? (
                <Link href={runsHref(filters)} className={buttonVariants({ variant: "secondary", size: "sm" })}>
                  Newest
                </Link>
              ) : null}
              {nextCursor ? (
                <Link
                  href={runsHref(filters, nextCursor)}
                  className={buttonVariants({ variant: "secondary", size: "sm" })}
                >
                  Older
                </Link>
              ) : null}
            </nav>
          ) : null}
        </Card>
      )}
    </>
  );
}
