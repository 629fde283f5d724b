import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { convertRow, parseMappingSpec } from "@/lib/conversions";
import { describeXFailure } from "@/lib/connections/describe-x-failure";
import { openXConnection } from "@/lib/connections/open-x-connection";
import { AppError } from "@/lib/errors";
import type { XApiError } from "@/lib/x-ads";
import { loadDestinationForStep, type WizardDeps } from "./load-destination-for-step";
import { PREVIEW_ROWS, readSourceSample } from "./read-source-sample";

/** X's answer to the test event, as shown to the person (X's own words where it gave any). */
export type TestEventResult =
  | { kind: "accepted"; rowNumber: number; conversionId: string; processed: number; debugId: string }
  | {
      kind: "failed";
      rowNumber: number;
      conversionId: string;
      status: number | null;
      summary: string;
      errors: XApiError[];
    };

/**
 * Sends one preview row to X for real, through the destination's own connection, pixel and
 * event. The row is read and converted again on the server: nothing a browser sent reaches X.
 * It is a real conversion with its real conversion_id, so a later sync of the same row is
 * deduplicated by X within 48 hours.
 */
export async function sendTestEvent(
  deps: WizardDeps,
  actor: AuditActor,
  input: { destinationId: string; rowNumber: number },
): Promise<TestEventResult> {
  const row = await loadDestinationForStep(deps.db, input.destinationId, "preview");
  const mapping = parseMappingSpec(row.mapping);
  if (!mapping.ok || !row.sourceId || !row.pixelId) throw new AppError("CONFLICT", "Finish the mapping first.");
  const sample = await readSourceSample(deps.db, row.sourceId, PREVIEW_ROWS);
  const sourceRow = sample.rows.find((candidate) => candidate.rowNumber === input.rowNumber);
  if (!sourceRow)
    throw new AppError("VALIDATION", `Row ${input.rowNumber} is not among the preview rows.`, {
      rowNumber: ["Choose one of the preview rows."],
    });
  const converted = convertRow(mapping.spec, { eventId: row.eventId, pixelId: row.pixelId }, sourceRow.values);
  if (converted.status !== "valid") {
    throw new AppError(
      "VALIDATION",
      `Row ${input.rowNumber} is invalid (${converted.reasons.map((reason) => reason.message).join("; ")}); choose a ready row.`,
      {
        rowNumber: ["Choose a row that is ready to send."],
      },
    );
  }

  const opened = await openXConnection(deps.db, deps.box, deps.app, row.connectionId!);
  const outcome = await opened.client.sendConversions(row.pixelId, [converted.conversion]);
  const conversionId = converted.conversion.conversion_id;
  const result: TestEventResult =
    outcome.kind === "accepted"
      ? {
          kind: "accepted",
          rowNumber: input.rowNumber,
          conversionId,
          processed: outcome.processed,
          debugId: outcome.debugId,
        }
      : {
          kind: "failed",
          rowNumber: input.rowNumber,
          conversionId,
          status: outcome.status,
          summary: describeXFailure(outcome, "sending the test event"),
          errors:
            outcome.kind === "retryable"
              ? [{ code: outcome.reason.toUpperCase(), message: outcome.message }]
              : outcome.errors,
        };
  await recordAuditEvent(
    deps.db,
    actor,
    "destination.test_event_sent",
    { type: "destination", id: row.id },
    {
      rowNumber: input.rowNumber,
      conversionId,
      outcome: result.kind,
      ...(result.kind === "accepted"
        ? { debugId: result.debugId }
        : { errors: result.errors.map((error) => error.code) }),
    },
  );
  return result;
}
