"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { createOwnerAction } from "@/app/(auth)/setup/actions";
import { PASSWORD_HINT } from "@/lib/users/password-policy";
import { Alert } from "../ui/alert";
import { SubmitButton } from "../ui/submit-button";
import { Card, CardBody } from "../ui/card";
import { Field } from "../ui/field";
import { useFormAction } from "../ui/use-form-action";
import { Input } from "../ui/input";

export function SetupOwnerForm() {
  const router = useRouter();
  const [state, formAction, pending] = useFormAction(createOwnerAction);
  const password = useRef("");

  useEffect(() => {
    if (!state?.ok) return;
    // The account exists; sign straight in with what was just typed.
    void signIn("credentials", { email: state.data.email, password: password.current, redirect: false }).then(
      (result) => {
        router.replace(result?.ok ? "/" : "/sign-in");
        router.refresh();
      },
    );
  }, [state, router]);

  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <Card>
      <CardBody className="space-y-5 py-6">
        <div>
          <h1 className="text-xl font-semibold">Welcome to Sluice</h1>
          <p className="mt-1 text-sm text-muted-foreground">
            No one has set up this Sluice yet. Create the owner account: owners manage users and X connections.
          </p>
        </div>
        {state && !state.ok && !state.fieldErrors ? <Alert tone="danger">{state.message}</Alert> : null}
        <form onSubmit={formAction} className="space-y-4" noValidate>
          <Field id="name" label="Your name" errors={errors.name}>
            <Input name="name" autoComplete="name" required autoFocus />
          </Field>
          <Field id="email" label="Work e-mail" errors={errors.email}>
            <Input name="email" type="email" autoComplete="email" required />
          </Field>
          <Field id="password" label="Password" hint={PASSWORD_HINT} errors={errors.password}>
            <Input
              name="password"
              type="password"
              autoComplete="new-password"
              required
              onChange={(event) => (password.current = event.target.value)}
            />
          </Field>
          <Field id="confirmPassword" label="Confirm password" errors={errors.confirmPassword}>
            <Input name="confirmPassword" type="password" autoComplete="new-password" required />
          </Field>
          <SubmitButton className="w-full" disabled={pending || state?.ok}>
            {pending || state?.ok ? "Creating your account…" : "Create owner account"}
          </SubmitButton>
        </form>
      </CardBody>
    </Card>
  );
}
