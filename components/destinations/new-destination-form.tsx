"use client";

import { createDestinationAction } from "@/app/(app)/destinations/actions";
import { Alert } from "../ui/alert";
import { SubmitButton } from "../ui/submit-button";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { useStepForm } from "../wizard/use-step-form";
import { toneText } from "../ui/tone-text";

/** `source`: started from a source's page, so the destination reads it (the source step is filled in). */
export function NewDestinationForm({ source = null }: { source?: { id: string; name: string } | null }) {
  const { onSubmit, pending, fieldErrors, formError } = useStepForm(createDestinationAction);
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {formError && !fieldErrors.name ? (
        <Alert tone="danger" className={toneText.danger}>
          {formError}
        </Alert>
      ) : null}
      <Field id="destination-name" label="Name" hint="For example “Store purchases → X”." errors={fieldErrors.name}>
        <Input name="name" autoComplete="off" autoFocus maxLength={100} />
      </Field>
      {source ? (
        <p className="text-sm text-muted-foreground">
          <input type="hidden" name="sourceId" value={source.id} />
          It reads the source <strong className="font-medium text-foreground">{source.name}</strong>; you can change
          that in the Source step.
        </p>
      ) : null}
      <SubmitButton disabled={pending}>{pending ? "Creating…" : "Start setup"}</SubmitButton>
    </form>
  );
}
