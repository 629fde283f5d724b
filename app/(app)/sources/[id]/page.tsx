import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CsvUploadForm } from "@/components/sources/csv-upload-form";
import { DateTime } from "@/components/ui/date-time";
import { DeleteSourceDialog } from "@/components/sources/delete-source-dialog";
import { PostgresSettingsSummary } from "@/components/sources/postgres-settings-summary";
import { PostgresSourceForm } from "@/components/sources/postgres-source-form";
import { RenameSourceForm } from "@/components/sources/rename-source-form";
import { SourceFacts } from "@/components/sources/source-facts";
import { SourceKindBadge } from "@/components/sources/source-kind-badge";
import { SourcePreviewPanel } from "@/components/sources/source-preview-panel";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { getSource } from "@/lib/sources/get-source";
import { describeConnection } from "@/lib/sources/list-sources";

type Params = { params: Promise<{ id: string }>; searchParams: Promise<{ preview?: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  await requirePageUser("VIEWER");
  const source = await getSource(getDb(), (await params).id);
  return { title: source?.name ?? "Source" };
}

export default async function SourcePage({ params, searchParams }: Params) {
  const user = await requirePageUser("VIEWER");
  const source = await getSource(getDb(), (await params).id);
  if (!source) notFound();
  const canEdit = hasRole(user.role, "EDITOR");
  const autoPreview = (await searchParams).preview === "1";
  // A new file or a changed query starts a fresh preview: rows read from the old one would mislead.
  const previewKey =
    source.kind === "CSV"
      ? `${source.file?.sha256}|${source.file?.uploadedAt}`
      : `${source.query}|${source.connectionStringRedacted}|${source.statementTimeoutSeconds}`;
  const origin = source.kind === "CSV" ? source.file?.filename : describeConnection(source.connectionStringRedacted);
  return (
    <>
      <Link
        href="/sources"
        className="mb-3 inline-flex items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft aria-hidden className="h-4 w-4" />
        Sources
      </Link>
      <PageHeader
        title={source.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <SourceKindBadge kind={source.kind} />
            {origin ? <span className="font-mono text-xs">{origin}</span> : null}
          </span>
        }
        actions={
          canEdit ? (
            <DeleteSourceDialog
              source={{ id: source.id, name: source.name, destinationCount: source.destinations.length }}
            />
          ) : null
        }
      />
      <div className="space-y-6">
        <SourcePreviewPanel
          key={previewKey}
          sourceId={source.id}
          kind={source.kind}
          savedColumns={source.columns}
          autoPreview={autoPreview}
        />
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
          <div className="min-w-0">
            {source.kind === "POSTGRES" ? (
              <Card>
                <CardHeader
                  title="Connection and query"
                  description={
                    canEdit
                      ? "Saving checks the query again and re-reads its columns."
                      : "Editors and owners can change these."
                  }
                />
                <CardBody>
                  {canEdit ? <PostgresSourceForm source={source} /> : <PostgresSettingsSummary source={source} />}
                </CardBody>
              </Card>
            ) : (
              <Card>
                <CardHeader
                  title="File"
                  description={
                    canEdit
                      ? "Upload a new version when the data changes; the source and its mappings stay."
                      : "Editors and owners can upload a new version."
                  }
                />
                <CardBody className="space-y-6">
                  {canEdit ? (
                    <>
                      <CsvUploadForm sourceId={source.id} />
                      <div className="border-t border-border pt-4">
                        <RenameSourceForm source={source} />
                      </div>
                    </>
                  ) : (
                    <p className="text-sm text-muted-foreground">
                      {source.file ? (
                        <>
                          {source.file.filename}, uploaded <DateTime value={source.file.uploadedAt} />.
                        </>
                      ) : (
                        "No file uploaded yet."
                      )}
                    </p>
                  )}
                </CardBody>
              </Card>
            )}
          </div>
          <SourceFacts source={source} canCreateDestination={canEdit} />
        </div>
      </div>
    </>
  );
}
