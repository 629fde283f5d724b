import { Database, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { SourcesTable } from "@/components/sources/sources-table";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { listSources } from "@/lib/sources/list-sources";

export const metadata: Metadata = { title: "Sources" };

export default async function SourcesPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const user = await requirePageUser("VIEWER");
  const { cursor } = await searchParams;
  const { sources, nextCursor } = await listSources(getDb(), { cursor });
  const canEdit = hasRole(user.role, "EDITOR");
  const newSource = canEdit ? (
    <Link href="/sources/new" className={buttonVariants()}>
      <Plus aria-hidden className="h-4 w-4" />
      New source
    </Link>
  ) : null;
  return (
    <>
      <PageHeader
        title="Sources"
        description="Where your conversions come from: a PostgreSQL query or an uploaded CSV file."
        actions={newSource}
      />
      {sources.length === 0 && !cursor ? (
        <EmptyState icon={Database} title="No sources yet" action={newSource}>
          A source is a PostgreSQL query or a CSV file. Sluice reads its columns and a few sample rows so you can map
          them to X&apos;s fields before anything is sent.
          {canEdit ? null : " An editor or owner can add one."}
        </EmptyState>
      ) : (
        <SourcesTable
          sources={sources}
          footer={
            cursor || nextCursor ? (
              <div className="flex justify-end gap-2 px-5 py-3">
                {cursor ? (
                  <Link href="/sources" className={buttonVariants({ variant: "secondary", size: "sm" })}>
                    Newest
                  </Link>
                ) : null}
                {nextCursor ? (
                  <Link
                    href={`/sources?cursor=${nextCursor}`}
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
