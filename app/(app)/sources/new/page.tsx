import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CsvUploadForm } from "@/components/sources/csv-upload-form";
import { PostgresSourceForm } from "@/components/sources/postgres-source-form";
import { SourceKindPicker, type NewSourceKind } from "@/components/sources/source-kind-picker";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { getSetupReturn } from "@/lib/destinations/get-setup-return";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";

export const metadata: Metadata = { title: "New source" };

export default async function NewSourcePage({
  searchParams,
}: {
  searchParams: Promise<{ kind?: string; for?: string }>;
}) {
  await requirePageUser("EDITOR");
  const search = await searchParams;
  const kind: NewSourceKind = search.kind === "csv" ? "csv" : "postgres";
  // Opened from a destination's setup: saving goes back there with the new source chosen.
  const setup = await getSetupReturn(getDb(), typeof search.for === "string" ? search.for : null);
  return (
    <div className="max-w-3xl">
      <Link
        href={setup?.href ?? "/sources"}
        className="mb-3 inline-flex items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft aria-hidden className="h-4 w-4" />
        {setup ? `Back to setting up ${setup.destinationName}` : "Sources"}
      </Link>
      <PageHeader title="New source" description="Where the conversions of a destination will come from." />
      {setup ? (
        <Alert tone="info" className="mb-6">
          Once it is saved you go back to setting up{" "}
          <strong className="font-medium text-foreground">{setup.destinationName}</strong>, with this source chosen.
        </Alert>
      ) : null}
      <SourceKindPicker current={kind} destinationId={setup ? search.for! : null} />
      {kind === "postgres" ? (
        <Card>
          <CardHeader
            title="PostgreSQL query"
            description="Sluice reads the query's rows in a read-only transaction, through a cursor, however many there are."
          />
          <CardBody>
            <PostgresSourceForm returnTo={setup?.href} />
          </CardBody>
        </Card>
      ) : (
        <Card>
          <CardHeader
            title="CSV upload"
            description="The file is stored in Sluice's database, so any worker can read it. Upload a new version later and every mapping stays."
          />
          <CardBody>
            <CsvUploadForm returnTo={setup?.href} />
          </CardBody>
        </Card>
      )}
    </div>
  );
}
