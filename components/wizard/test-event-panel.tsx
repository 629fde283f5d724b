"use client";

import { Send } from "lucide-react";
import { startTransition, useActionState, useState } from "react";
import { sendTestEventAction } from "@/app/(app)/destinations/[id]/setup/actions";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Select } from "../ui/input";
import { toneText } from "../ui/tone-text";

/** Sends one ready row to X for real and shows X's answer as X gave it. */
export function TestEventPanel({
  destinationId,
  readyRows,
  readOnly,
}: {
  destinationId: string;
  readyRows: number[];
  readOnly: boolean;
}) {
  const [rowNumber, setRowNumber] = useState(readyRows[0] ?? 0);
  const [state, dispatch, pending] = useActionState(sendTestEventAction, null);
  const result = state?.ok ? state.data : null;
  return (
    <div className="space-y-3 rounded-md border border-border p-4">
      <div>
        <h3 className="text-sm font-semibold">Send a test event</h3>
        <p className="mt-1 text-xs text-muted-foreground">
          Sends one row to X for real, as a sync would. It is a real conversion: X counts it, and deduplicates a later
          send of the same row (same conversion_id) within 48 hours.
        </p>
      </div>
      {readOnly ? (
        <p className="text-sm text-muted-foreground">Only editors and owners can send a test event.</p>
      ) : readyRows.length === 0 ? (
        <p className="text-sm text-muted-foreground">No row is ready to send; fix the mapping first.</p>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <div className="space-y-1.5">
            <label htmlFor="test-row" className="block text-sm font-medium">
              Row
            </label>
            <Select
              id="test-row"
              value={rowNumber}
              onChange={(event) => setRowNumber(Number(event.target.value))}
              className="w-40"
            >
              {readyRows.map((row) => (
                <option key={row} value={row}>
                  Row {row}
                </option>
              ))}
            </Select>
          </div>
          <Button disabled={pending} onClick={() => startTransition(() => dispatch({ destinationId, rowNumber }))}>
            <Send aria-hidden className="h-4 w-4" />
            {pending ? "Sending to X…" : "Send test event"}
          </Button>
        </div>
      )}
      <div aria-live="polite">
        {state && !state.ok ? (
          <Alert tone="danger" className={toneText.danger} title="Not sent">
            {state.message}
          </Alert>
        ) : null}
        {result?.kind === "accepted" ? (
          <Alert tone="success" className={toneText.success} title={`X accepted row ${result.rowNumber}`}>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 font-mono text-xs">
              <dt>conversions_processed</dt>
              <dd>{result.processed}</dd>
              <dt>debug_id</dt>
              <dd className="break-all">{result.debugId}</dd>
              <dt>conversion_id</dt>
              <dd className="break-all">{result.conversionId}</dd>
            </dl>
          </Alert>
        ) : null}
        {result?.kind === "failed" ? (
          <Alert
            tone="danger"
            className={toneText.danger}
            title={`X refused row ${result.rowNumber}${result.status ? ` (HTTP ${result.status})` : ""}`}
          >
            <p>{result.summary}</p>
            <ul className="mt-2 space-y-1 font-mono text-xs">
              {result.errors.map((error, index) => (
                <li key={index}>
                  {error.code}: {error.message}
                  {error.parameter ? ` (parameter: ${error.parameter})` : ""}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
      </div>
    </div>
  );
}
