import { CheckCircle2, XCircle } from "lucide-react";
import { summaryLine } from "@/lib/destinations/build-preview";
import type { DestinationView } from "@/lib/destinations/destination-view";
import type { DestinationPreview } from "@/lib/destinations/load-destination-preview";
import type { Loaded } from "@/lib/destinations/load-wizard-step";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Table, Td, Th } from "../ui/table";
import { CopyButton } from "./copy-button";
import { PreviewContinueForm } from "./preview-continue-form";
import { SourceReadFailure } from "./source-read-failure";
import { TestEventPanel } from "./test-event-panel";
import { toneText } from "../ui/tone-text";

/** `loaded`: the preview as the page built it (load-wizard-step.ts). */
export function PreviewStep({
  destination,
  readOnly,
  loaded,
}: {
  destination: DestinationView;
  readOnly: boolean;
  loaded: Loaded<DestinationPreview>;
}) {
  const back = `/destinations/${destination.id}/setup/mapping`;
  if (!loaded.ok)
    return <SourceReadFailure message={loaded.message} sourceName={destination.source!.name} backHref={back} />;
  const preview = loaded.value;
  const { summary } = preview;
  const readyRows = preview.rows.filter((row) => row.status === "valid").map((row) => row.rowNumber);
  return (
    <div className="space-y-5">
      <div className="rounded-md border border-border bg-muted/50 px-4 py-3">
        <p className="text-sm font-medium" data-testid="preview-summary">
          {summaryLine(summary)}
        </p>
        <p className="mt-1 text-xs text-muted-foreground">
          The first {summary.total} rows of {destination.source!.name}, converted exactly as a sync converts them.
          {summary.warnings.length > 0
            ? ` Warnings (rows still sent): ${summary.warnings.map((w) => `${w.label} ×${w.count}`).join(", ")}.`
            : ""}
        </p>
      </div>
      {preview.sourceProblems.length > 0 ? (
        <Alert tone="info" title="Rows the source could not read">
          <ul className="list-disc pl-5">
            {preview.sourceProblems.map((problem, index) => (
              <li key={index}>
                {problem.rowNumber ? `Row ${problem.rowNumber}: ` : ""}
                {problem.message}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {summary.total === 0 ? (
        <Alert tone="info" title="The source returned no rows">
          Nothing to preview. A sync will send rows once the source has some.
        </Alert>
      ) : null}
      <TestEventPanel destinationId={destination.id} readyRows={readyRows} readOnly={readOnly} />
      <div className="overflow-hidden rounded-md border border-border">
        <Table className="table-fixed">
          <caption className="sr-only">
            Sample rows: source values (emails and phones masked) and the conversion sent to X
          </caption>
          <thead>
            <tr>
              <Th className="w-16">Row</Th>
              <Th className="w-[38%]">Source values</Th>
              <Th>Sent to X</Th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.rowNumber} data-testid={`preview-row-${row.rowNumber}`}>
                <Td className="align-top font-mono text-xs">{row.rowNumber}</Td>
                <Td className="align-top">
                  <dl className="space-y-0.5 text-xs">
                    {row.cells.map((cell) => (
                      <div key={cell.column} className="flex gap-2">
                        <dt className="shrink-0 text-muted-foreground">{cell.column}</dt>
                        <dd className="min-w-0 break-all font-mono">
                          {cell.display || <span className="text-muted-foreground">(empty)</span>}
                        </dd>
                      </div>
                    ))}
                  </dl>
                </Td>
                <Td className="align-top">
                  {row.status === "valid" ? (
                    <>
                      <Badge tone="success" className={toneText.success}>
                        <CheckCircle2 aria-hidden className="h-3 w-3" />
                        Ready
                      </Badge>
                      <pre
                        tabIndex={0}
                        className="mt-2 max-h-56 overflow-auto whitespace-pre-wrap break-all rounded bg-muted p-2 font-mono text-[11px] leading-snug"
                      >
                        {row.conversionJson}
                      </pre>
                    </>
                  ) : (
                    <>
                      <Badge tone="danger" className={toneText.danger}>
                        <XCircle aria-hidden className="h-3 w-3" />
                        Invalid: not sent
                      </Badge>
                      <ul className={`mt-2 list-disc space-y-0.5 pl-5 text-xs ${toneText.danger}`}>
                        {row.reasons.map((reason, index) => (
                          <li key={index}>
                            {reason.message}
                            {reason.value !== undefined ? (
                              <>
                                {" "}
                                (source value:{" "}
                                <code className="rounded bg-danger-soft px-1 font-mono">{reason.value}</code>)
                              </>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  {row.warnings.length > 0 ? (
                    <ul className="mt-2 space-y-0.5 text-xs text-muted-foreground">
                      {row.warnings.map((warning, index) => (
                        <li key={index}>
                          ⚠ {warning.message}
                          {warning.value !== undefined ? (
                            <>
                              {" "}
                              (source value: <code className="font-mono">{warning.value}</code>)
                            </>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <details className="rounded-md border border-border">
        <summary className="cursor-pointer px-4 py-3 text-sm font-medium">
          Request body ({summary.valid} conversions, as POSTed to /12/measurement/conversions/{destination.pixelId})
        </summary>
        <div className="space-y-2 border-t border-border px-4 py-3">
          <CopyButton text={preview.requestBody} label="Copy request body" />
          <pre
            tabIndex={0}
            className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-muted p-3 font-mono text-[11px] leading-snug"
          >
            {preview.requestBody}
          </pre>
        </div>
      </details>
      <PreviewContinueForm destinationId={destination.id} readOnly={readOnly} backHref={back} />
    </div>
  );
}
