import { Plus } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import type { SourceDetail } from "@/lib/sources/get-source";
import { formatBytes } from "@/lib/sources/csv/csv-bytes";
import { buttonVariants } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { DateTime } from "../ui/date-time";
import { SOURCE_KIND_LABELS } from "./source-kind-badge";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-1.5 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 text-right">{children}</dd>
    </div>
  );
}

/** What the source is, when it was last read, and which destinations use it. */
export function SourceFacts({ source, canCreateDestination }: { source: SourceDetail; canCreateDestination: boolean }) {
  return (
    <Card className="self-start">
      <CardHeader title="About this source" />
      <CardBody className="space-y-4">
        <dl className="divide-y divide-border">
          <Fact label="Kind">{SOURCE_KIND_LABELS[source.kind]}</Fact>
          <Fact label="Columns">{source.columns.length || "Not read yet"}</Fact>
          <Fact label="Last read">
            {source.columnsCheckedAt ? <DateTime value={source.columnsCheckedAt} relative /> : "Never"}
          </Fact>
          {source.file ? (
            <>
              <Fact label="File">
                <span className="break-all">{source.file.filename}</span>
              </Fact>
              <Fact label="Size">{formatBytes(source.file.sizeBytes)}</Fact>
              <Fact label="Uploaded">
                <DateTime value={source.file.uploadedAt} />
              </Fact>
            </>
          ) : null}
          <Fact label="Created">
            <DateTime value={source.createdAt} />
          </Fact>
        </dl>
        <div>
          <h3 className="mb-1.5 text-sm font-medium">Used by</h3>
          {source.destinations.length === 0 ? (
            <p className="text-sm text-muted-foreground">No destination uses this source yet.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {source.destinations.map((destination) => (
                <li key={destination.id}>
                  <Link href={`/destinations/${destination.id}`} className="text-primary hover:underline">
                    {destination.name}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {canCreateDestination ? (
            <Link
              href={`/destinations/new?source=${encodeURIComponent(source.id)}`}
              className={`${buttonVariants({ variant: "secondary", size: "sm" })} mt-3 h-auto min-h-8 whitespace-normal py-1.5`}
            >
              <Plus aria-hidden className="h-3.5 w-3.5" />
              Create a destination from this source
            </Link>
          ) : null}
        </div>
      </CardBody>
    </Card>
  );
}
