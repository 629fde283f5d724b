"use client";

import { useEffect, useRef } from "react";
import { addUserAction } from "@/app/(app)/settings/users/actions";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/lib/auth/roles";
import { PASSWORD_HINT } from "@/lib/users/password-policy";
import { Alert } from "../ui/alert";
import { SubmitButton } from "../ui/submit-button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { Field } from "../ui/field";
import { useFormAction } from "../ui/use-form-action";
import { Input, Select } from "../ui/input";

export function AddUserForm() {
  const [state, formAction, pending] = useFormAction(addUserAction);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <Card className="self-start">
      <CardHeader title="Add a user" description="Give them the e-mail and password; they can sign in at once." />
      <CardBody>
        <form ref={form} onSubmit={formAction} className="space-y-4" noValidate>
          {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
          {state && !state.ok && !state.fieldErrors ? <Alert tone="danger">{state.message}</Alert> : null}
          <Field id="new-name" label="Name" errors={errors.name}>
            <Input name="name" autoComplete="off" required />
          </Field>
          <Field id="new-email" label="E-mail" errors={errors.email}>
            <Input name="email" type="email" autoComplete="off" required />
          </Field>
          <Field
            id="new-role"
            label="Role"
            errors={errors.role}
            hint={ROLES.map(
              (role) =>
                `${ROLE_LABELS[role]}: ${ROLE_DESCRIPTIONS[role].charAt(0).toLowerCase()}${ROLE_DESCRIPTIONS[role].slice(1)}`,
            ).join(" ")}
          >
            <Select name="role" defaultValue="EDITOR">
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="new-password" label="Temporary password" hint={PASSWORD_HINT} errors={errors.password}>
            <Input name="password" type="password" autoComplete="new-password" required />
          </Field>
          <SubmitButton className="w-full" disabled={pending}>
            {pending ? "Adding…" : "Add user"}
          </SubmitButton>
        </form>
      </CardBody>
    </Card>
  );
}
