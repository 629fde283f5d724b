"use client";

import { saveConnectionStepAction } from "@/app/(app)/destinations/[id]/setup/actions";
import type { XConnectionView } from "@/lib/connections/x-connection-view";
import { ConnectionSummary } from "../connections/connection-summary";
import { Alert } from "../ui/alert";
import { ChoiceCard } from "./choice-card";
import { StepFooter } from "./step-footer";
import { useStepForm } from "./use-step-form";
import { toneText } from "../ui/tone-text";

export function ConnectionStepForm({
  destinationId,
  connections,
  selectedId,
  readOnly,
}: {
  destinationId: string;
  connections: XConnectionView[];
  selectedId: string | null;
  readOnly: boolean;
}) {
  const { onSubmit, pending, fieldErrors, formError } = useStepForm(saveConnectionStepAction);
  return (
    <form onSubmit={onSubmit} noValidate>
      <input type="hidden" name="destinationId" value={destinationId} />
      {formError && !fieldErrors.connectionId ? (
        <Alert tone="danger" className={`${toneText.danger} mb-4`}>
          {formError}
        </Alert>
      ) : null}
      <fieldset disabled={readOnly} aria-describedby={fieldErrors.connectionId ? "connection-error" : undefined}>
        <legend className="mb-2 text-sm font-medium">Send with</legend>
        <div className="space-y-2">
          {connections.map((connection) => (
            <ChoiceCard
              key={connection.id}
              name="connectionId"
              value={connection.id}
              defaultChecked={connection.id === selectedId}
            >
              <ConnectionSummary connection={connection} />
            </ChoiceCard>
          ))}
        </div>
        {fieldErrors.connectionId ? (
          <p id="connection-error" className={`mt-2 text-xs font-medium ${toneText.danger}`}>
            {fieldErrors.connectionId.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <StepFooter backHref={null} submitLabel="Continue" pending={pending} readOnly={readOnly} />
    </form>
  );
}
