"use client";

import { confirmPreviewStepAction } from "@/app/(app)/destinations/[id]/setup/actions";
import { Alert } from "../ui/alert";
import { StepFooter } from "./step-footer";
import { useStepForm } from "./use-step-form";
import { toneText } from "../ui/tone-text";

export function PreviewContinueForm({
  destinationId,
  readOnly,
  backHref,
}: {
  destinationId: string;
  readOnly: boolean;
  backHref: string;
}) {
  const { onSubmit, pending, formError } = useStepForm(confirmPreviewStepAction);
  return (
    <form onSubmit={onSubmit} noValidate>
      <input type="hidden" name="destinationId" value={destinationId} />
      {formError ? (
        <Alert tone="danger" className={`${toneText.danger} mt-4`}>
          {formError}
        </Alert>
      ) : null}
      <StepFooter backHref={backHref} submitLabel="Looks right, continue" pending={pending} readOnly={readOnly} />
    </form>
  );
}
