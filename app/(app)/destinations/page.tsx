import { Link2, Plus, Send } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { DestinationsTable } from "@/components/destinations/destinations-table";
import { SetupProgressNote } from "@/components/home/setup-progress-note";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { listDestinations } from "@/lib/destinations/read-destinations";
import { buildSetupChecklist } from "@/lib/home/build-setup-checklist";
import { readSetupFacts } from "@/lib/home/read-setup-facts";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";

export const metadata: Metadata = { title: "Destinations" };

export default async function DestinationsPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const user = await requirePageUser("VIEWER");
  const canEdit = hasRole(user.role, "EDITOR");
  const { cursor } = await searchParams;
  const [{ destinations, nextCursor }, facts] = await Promise.all([
    listDestinations(getDb(), { cursor }),
    readSetupFacts(getDb()),
  ]);
  const actions = (
    <>
      <Link href="/destinations/connections" className={buttonVariants({ variant: "secondary" })}>
        <Link2 aria-hidden className="h-4 w-4" />X connections
      </Link>
      {canEdit ? (
        <Link href="/destinations/new" className={buttonVariants()}>
          <Plus aria-hidden className="h-4 w-4" />
          New destination
        </Link>
      ) : null}
    </>
  );
  return (
    <>
      <PageHeader
        title="Destinations"
        description="Each destination sends one source's rows to one X Pixel event."
        actions={actions}
      />
      <SetupProgressNote checklist={buildSetupChecklist(facts, user.role)} />
      {destinations.length === 0 && !cursor ? (
        <EmptyState
          icon={Send}
          title="No destinations yet"
          action={
            canEdit ? (
              <Link href="/destinations/new" className={buttonVariants()}>
                Set up a destination
              </Link>
            ) : undefined
          }
        >
          A destination connects an X ad account, a Pixel ID and an Event ID to one of your sources, with a column
          mapping and a schedule. Once one exists, its status, last run and next run show here.
        </EmptyState>
      ) : (
        <DestinationsTable
          destinations={destinations}
          canEdit={canEdit}
          footer={
            cursor || nextCursor ? (
              <div className="flex justify-end gap-2 px-5 py-3">
                {cursor ? (
                  <Link href="/destinations" className={buttonVariants({ variant: "secondary", size: "sm" })}>
                    Newest
                  </Link>
                ) : null}
                {nextCursor ? (
                  <Link
                    href={`/destinations?cursor=${nextCursor}`}
                    className={buttonVariants({ variant: "secondary", size: "sm" })}
                  >
                    Older
                  </Link>
                ) : null}
              </div>
            ) : null
          }
        />
      )}
    </>
  );
}
