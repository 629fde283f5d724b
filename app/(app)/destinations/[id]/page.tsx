import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DestinationActions } from "@/components/destinations/destination-actions";
import { DestinationConfig } from "@/components/destinations/destination-config";
import { DestinationStatusBadge } from "@/components/destinations/destination-status-badge";
import { DateTime } from "@/components/ui/date-time";
import { MappingSummary } from "@/components/destinations/mapping-summary";
import { RunGlance } from "@/components/destinations/run-glance";
import { DestinationRuns } from "@/components/runs/destination-runs";
import { Alert } from "@/components/ui/alert";
import { hasRole } from "@/lib/auth/roles";
import { getDestinationView } from "@/lib/destinations/read-destinations";
import { listRuns } from "@/lib/runs/list-runs";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { toneText } from "@/components/ui/tone-text";

type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  // The title names the destination, so it is read only for someone allowed to see it.
  await requirePageUser("VIEWER");
  const destination = await getDestinationView(getDb(), (await params).id);
  return { title: destination?.name ?? "Destination" };
}

export default async function DestinationPage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const user = await requirePageUser("VIEWER");
  const { id } = await params;
  const { saved } = await searchParams;
  const destination = await getDestinationView(getDb(), id);
  if (!destination) notFound();
  const latestRuns = await listRuns(getDb(), { destinationId: id, pageSize: 10 });
  const canEdit = hasRole(user.role, "EDITOR");
  const setupHref = `/destinations/${id}/setup/${destination.status === "DRAFT" ? destination.resumeStep : "connection"}`;
  return (
    <>
      <p className="mb-1 text-sm text-muted-foreground">
        <Link href="/destinations" className="hover:text-foreground hover:underline">
          Destinations
        </Link>
      </p>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="break-words text-2xl font-semibold tracking-tight">{destination.name}</h1>
            <DestinationStatusBadge status={destination.status} />
          </div>
          <RunGlance destination={destination} />
        </div>
        {canEdit ? (
          <DestinationActions
            id={destination.id}
            name={destination.name}
            status={destination.status}
            editHref={setupHref}
            size="md"
          />
        ) : null}
      </div>
      <div className="space-y-6">
        {saved === "created" ? (
          <Alert tone="success" className={toneText.success} title="Destination saved">
            {destination.nextRunAt ? (
              <>
                It runs {destination.scheduleText.charAt(0).toLowerCase()}
                {destination.scheduleText.slice(1)}; the next run is <DateTime value={destination.nextRunAt} />.
              </>
            ) : (
              "It runs when someone starts a sync."
            )}
          </Alert>
        ) : null}
        {saved === "saved" ? (
          <Alert tone="success" className={toneText.success}>
            Changes saved.
          </Alert>
        ) : null}
        {destination.status === "DRAFT" ? (
          <Alert tone="info" title="Setup is not finished">
            This destination does not run until its setup is saved.{" "}
            <Link href={setupHref} className="font-medium underline">
              Continue setup
            </Link>
          </Alert>
        ) : null}
        {destination.connection?.revokedAt ? (
          <Alert tone="danger" className={toneText.danger} title="X connection disconnected">
            Syncs fail until another connection is chosen in the setup.
          </Alert>
        ) : null}

        <section aria-labelledby="runs-title" data-section="runs">
          <DestinationRuns
            destinationId={destination.id}
            name={destination.name}
            latest={latestRuns}
            canRun={canEdit && destination.status !== "DRAFT"}
            canResetLedger={hasRole(user.role, "OWNER")}
            incrementalColumn={destination.incremental?.column ?? null}
          />
        </section>

        <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
          <DestinationConfig destination={destination} canEdit={canEdit} />
          <MappingSummary
            mapping={destination.mapping}
            eventId={destination.eventId}
            editHref={canEdit && destination.progress.sourceId ? `/destinations/${id}/setup/mapping` : null}
          />
        </div>
      </div>
    </>
  );
}
