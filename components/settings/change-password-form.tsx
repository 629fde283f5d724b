"use client";

import { useEffect, useRef } from "react";
import { changePasswordAction } from "@/app/(app)/settings/account/actions";
import { PASSWORD_HINT } from "@/lib/users/password-policy";
import { Alert } from "../ui/alert";
import { SubmitButton } from "../ui/submit-button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { useFormAction } from "../ui/use-form-action";

export function ChangePasswordForm() {
  const [state, formAction, pending] = useFormAction(changePasswordAction);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <Card className="self-start">
      <CardHeader
        title="Change your password"
        description="You stay signed in here; every other session of yours ends."
      />
      <CardBody>
        <form ref={form} onSubmit={formAction} className="max-w-md space-y-4" noValidate>
          {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
          {state && !state.ok && !state.fieldErrors ? <Alert tone="danger">{state.message}</Alert> : null}
          <Field id="currentPassword" label="Current password" errors={errors.currentPassword}>
            <Input name="currentPassword" type="password" autoComplete="current-password" required />
          </Field>
          <Field id="newPassword" label="New password" hint={PASSWORD_HINT} errors={errors.newPassword}>
            <Input name="newPassword" type="password" autoComplete="new-password" required />
          </Field>
          <Field id="confirmPassword" label="Confirm new password" errors={errors.confirmPassword}>
            <Input name="confirmPassword" type="password" autoComplete="new-password" required />
          </Field>
          <SubmitButton disabled={pending}>{pending ? "Changing…" : "Change password"}</SubmitButton>
        </form>
      </CardBody>
    </Card>
  );
}
