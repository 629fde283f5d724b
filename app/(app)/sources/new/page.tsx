import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CsvUploadForm } from "@/components/sources/csv-upload-form";
import { PostgresSourceForm } from "@/components/sources/postgres-source-form";
import { SourceKindPicker, type NewSourceKind } from "@/components/sources/source-kind-picker";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/server/auth";

export const metadata: Metadata = { title: "New source" };

export default async function NewSourcePage({ searchParams }: { searchParams: Promise<{ kind?: string }> }) {
  await requirePageUser("EDITOR");
  const kind: NewSourceKind = (await searchParams).kind === "csv" ? "csv" : "postgres";
  return (
    <div className="max-w-3xl">
      <Link href="/sources" className="mb-3 inline-flex items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft aria-hidden className="h-4 w-4" />
        Sources
      </Link>
      <PageHeader title="New source" description="Where the conversions of a destination will come from." />
      <SourceKindPicker current={kind} />
      {kind === "postgres" ? (
        <Card>
          <CardHeader title="PostgreSQL query" description="Sluice reads the query's rows in a read-only transaction, through a cursor, however many there are." />
          <CardBody>
            <PostgresSourceForm />
          </CardBody>
        </Card>
      ) : (
        <Card>
          <CardHeader title="CSV upload" description="The file is stored in Sluice's database, so any worker can read it. Upload a new version later and every mapping stays." />
          <CardBody>
            <CsvUploadForm />
          </CardBody>
        </Card>
      )}
    </div>
  );
}
