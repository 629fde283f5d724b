"use client";

import { renameSourceAction } from "@/app/(app)/sources/actions";
import { Alert } from "../ui/alert";
import { SubmitButton } from "../ui/submit-button";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { useFormAction } from "../ui/use-form-action";

export function RenameSourceForm({ source }: { source: { id: string; name: string } }) {
  const [state, onSubmit, pending] = useFormAction(renameSourceAction);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      <input type="hidden" name="sourceId" value={source.id} />
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state && !state.ok && !state.fieldErrors?.name ? <Alert tone="danger">{state.message}</Alert> : null}
      <Field id="rename-source" label="Name" errors={errors.name}>
        <Input name="name" defaultValue={source.name} autoComplete="off" required maxLength={100} />
      </Field>
      <SubmitButton variant="secondary" size="sm" disabled={pending}>
        {pending ? "Saving…" : "Save name"}
      </SubmitButton>
    </form>
  );
}
