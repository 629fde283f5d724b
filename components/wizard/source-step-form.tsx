"use client";

import { Database, FileSpreadsheet, Plus } from "lucide-react";
import Link from "next/link";
import { saveSourceStepAction } from "@/app/(app)/destinations/[id]/setup/actions";
import type { SourceChoice } from "@/lib/destinations/list-source-choices";
import { Alert } from "../ui/alert";
import { ChoiceCard } from "./choice-card";
import { StepFooter } from "./step-footer";
import { useStepForm } from "./use-step-form";
import { toneText } from "../ui/tone-text";

interface SourceStepFormProps {
  destinationId: string;
  sources: SourceChoice[];
  selectedId: string | null;
  hasMapping: boolean;
  readOnly: boolean;
  backHref: string;
  /** Creating a source from here comes back to this step; null when the user may not create one. */
  newSourceHref: string | null;
}

export function SourceStepForm({
  destinationId,
  sources,
  selectedId,
  hasMapping,
  readOnly,
  backHref,
  newSourceHref,
}: SourceStepFormProps) {
  const { onSubmit, pending, fieldErrors, formError } = useStepForm(saveSourceStepAction);
  const error = fieldErrors.sourceId;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <input type="hidden" name="destinationId" value={destinationId} />
      {formError && !error ? (
        <Alert tone="danger" className={toneText.danger}>
          {formError}
        </Alert>
      ) : null}
      <fieldset disabled={readOnly} aria-describedby={error ? "source-error" : undefined}>
        <legend className="sr-only">Source</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {sources.map((source) => {
            const Icon = source.kind === "CSV" ? FileSpreadsheet : Database;
            return (
              <ChoiceCard key={source.id} name="sourceId" value={source.id} defaultChecked={source.id === selectedId}>
                <span className="flex items-center gap-2 font-medium">
                  <Icon aria-hidden className="h-4 w-4 text-muted-foreground" />
                  {source.name}
                </span>
                <span className="mt-0.5 block text-xs text-muted-foreground">
                  {source.kind === "CSV" ? `CSV file${source.detail ? ` · ${source.detail}` : ""}` : "PostgreSQL query"}
                  {source.columnCount > 0 ? ` · ${source.columnCount} columns` : ""}
                </span>
              </ChoiceCard>
            );
          })}
        </div>
        {error ? (
          <p id="source-error" role="alert" className={`mt-2 text-xs font-medium ${toneText.danger}`}>
            {error.join(" ")}
          </p>
        ) : null}
      </fieldset>
      {newSourceHref ? (
        <p className="text-sm text-muted-foreground">
          Not listed?{" "}
          <Link href={newSourceHref} className="inline-flex items-center gap-1 font-medium text-primary underline">
            <Plus aria-hidden className="h-3.5 w-3.5" />
            Create a source
          </Link>{" "}
          and come back here with it chosen.
        </p>
      ) : null}
      {hasMapping && !readOnly ? (
        <p className="text-xs text-muted-foreground">
          Choosing another source keeps the mapping only if the new source has every column it uses.
        </p>
      ) : null}
      <StepFooter backHref={backHref} submitLabel="Continue" pending={pending} readOnly={readOnly} />
    </form>
  );
}
