"use client";

import { createDestinationAction } from "@/app/(app)/destinations/actions";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { useStepForm } from "../wizard/use-step-form";
import { toneText } from "../ui/tone-text";

export function NewDestinationForm() {
  const { onSubmit, pending, fieldErrors, formError } = useStepForm(createDestinationAction);
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {formError && !fieldErrors.name ? <Alert tone="danger" className={toneText.danger}>{formError}</Alert> : null}
      <Field id="destination-name" label="Name" hint="For example “Store purchases → X”." errors={fieldErrors.name}>
        <Input name="name" autoComplete="off" autoFocus maxLength={100} />
      </Field>
      <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Start setup"}</Button>
    </form>
  );
}
