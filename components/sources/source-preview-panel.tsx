"use client";

import { Eye, LoaderCircle, PlugZap } from "lucide-react";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef } from "react";
import { previewSourceAction, testSourceConnectionAction } from "@/app/(app)/sources/actions";
import type { SourceColumn } from "@/lib/sources/types";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { READ_ONLY_ROLE_SQL_FIELD } from "@/lib/sources/source-error";
import { ColumnList } from "./column-list";
import { ReadOnlyUserHelp } from "./read-only-user-help";
import { SampleRowsTable } from "./sample-rows-table";

const SAMPLE_ROWS = 20;

interface Props {
  sourceId: string;
  kind: "POSTGRES" | "CSV";
  savedColumns: SourceColumn[];
  /** Read the rows as soon as the page opens (right after the source was created or uploaded). */
  autoPreview: boolean;
}

function errorTitle(fieldErrors: Record<string, string[]> | undefined): string {
  if (fieldErrors?.connectionString) return "Sluice could not use this connection";
  if (fieldErrors?.query) return "The query failed";
  if (fieldErrors?.file) return "The file could not be read";
  return "Could not read the source";
}

export function SourcePreviewPanel({ sourceId, kind, savedColumns, autoPreview }: Props) {
  const router = useRouter();
  const [preview, runPreview, previewing] = useActionState(previewSourceAction, null);
  const [check, runCheck, checking] = useActionState(testSourceConnectionAction, null);
  const started = useRef(false);
  const readRows = () => startTransition(() => runPreview({ sourceId, limit: SAMPLE_ROWS }));

  useEffect(() => {
    if (!autoPreview || started.current) return;
    started.current = true;
    startTransition(() => runPreview({ sourceId, limit: SAMPLE_ROWS }));
  }, [autoPreview, runPreview, sourceId]);
  // The preview refreshed the saved columns; let the rest of the page show them.
  useEffect(() => {
    if (preview?.ok) router.refresh();
  }, [preview, router]);

  const data = preview?.ok ? preview.data : null;
  // Sluice refused the source's database user: show how to make one that can only read.
  const roleSql = [check, preview]
    .map((result) =>
      result && !result.ok && !checking && !previewing
        ? result.fieldErrors?.[READ_ONLY_ROLE_SQL_FIELD]?.[0]
        : undefined,
    )
    .find(Boolean);
  const columns = data?.columns ?? savedColumns;
  return (
    <Card>
      <CardHeader
        title="Columns and sample rows"
        description={`The first ${SAMPLE_ROWS} rows, read live from the ${kind === "CSV" ? "file" : "database"}.`}
        actions={
          <div className="flex flex-wrap gap-2">
            {kind === "POSTGRES" ? (
              <Button
                variant="secondary"
                size="sm"
                disabled={checking}
                onClick={() => startTransition(() => runCheck({ sourceId }))}
              >
                {checking ? (
                  <LoaderCircle aria-hidden className="h-4 w-4 animate-spin" />
                ) : (
                  <PlugZap aria-hidden className="h-4 w-4" />
                )}
                {checking ? "Connecting…" : "Test connection"}
              </Button>
            ) : null}
            <Button size="sm" disabled={previewing} onClick={readRows}>
              {previewing ? (
                <LoaderCircle aria-hidden className="h-4 w-4 animate-spin" />
              ) : (
                <Eye aria-hidden className="h-4 w-4" />
              )}
              {previewing ? "Reading…" : "Preview rows"}
            </Button>
          </div>
        }
      />
      <CardBody className="space-y-4">
        <div aria-live="polite" className="space-y-3 empty:hidden">
          {check && !checking ? (
            check.ok ? (
              <Alert tone="success" title="Connection works">
                {check.message}
              </Alert>
            ) : (
              <Alert tone="danger" title={errorTitle(check.fieldErrors)}>
                {check.message}
              </Alert>
            )
          ) : null}
          {preview && !preview.ok && !previewing ? (
            <Alert tone="danger" title={errorTitle(preview.fieldErrors)}>
              {preview.message}
            </Alert>
          ) : null}
          {roleSql ? <ReadOnlyUserHelp sql={roleSql} /> : null}
          {data && data.problems.length > 0 ? (
            <Alert
              tone="warning"
              title={`${data.problems.length} ${kind === "CSV" ? (data.problems.length === 1 ? "line was" : "lines were") : data.problems.length === 1 ? "row was" : "rows were"} skipped`}
            >
              <ul className="list-disc pl-4">
                {data.problems.slice(0, 10).map((problem, index) => (
                  <li key={index}>{problem.message}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
        </div>
        {columns.length > 0 ? (
          <div className="space-y-2">
            <h3 className="text-sm font-medium">
              {columns.length} {columns.length === 1 ? "column" : "columns"}
            </h3>
            <ColumnList columns={columns} />
          </div>
        ) : null}
        {previewing ? (
          <div
            role="status"
            className="flex items-center gap-2 rounded-md border border-dashed border-border px-4 py-8 text-sm text-muted-foreground"
          >
            <LoaderCircle aria-hidden className="h-4 w-4 animate-spin" />
            Reading from the {kind === "CSV" ? "file" : "database"}…
          </div>
        ) : data ? (
          data.rows.length > 0 ? (
            <div className="-mx-5 border-t border-border">
              <SampleRowsTable preview={data} kind={kind} />
            </div>
          ) : (
            <p className="rounded-md border border-dashed border-border px-4 py-8 text-center text-sm text-muted-foreground">
              The {kind === "CSV" ? "file has" : "query returns"} no rows.
            </p>
          )
        ) : (
          <p className="rounded-md border border-dashed border-border px-4 py-8 text-center text-sm text-muted-foreground">
            Press <strong className="font-medium text-foreground">Preview rows</strong> to read the first {SAMPLE_ROWS}{" "}
            rows{kind === "POSTGRES" ? " and check that the query still runs" : ""}.
          </p>
        )}
      </CardBody>
    </Card>
  );
}
