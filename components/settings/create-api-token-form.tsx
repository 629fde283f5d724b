"use client";

import { useEffect, useRef, useState } from "react";
import { createApiTokenAction } from "@/app/(app)/settings/api-tokens/actions";
import { API_TOKEN_EXPIRY_CHOICES } from "@/lib/api/api-token-schemas";
import { API_TOKEN_SCOPES, SCOPE_DESCRIPTIONS, SCOPE_LABELS } from "@/lib/api/api-token-scopes";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { SubmitButton } from "../ui/submit-button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { Field } from "../ui/field";
import { Input, Select } from "../ui/input";
import { useFormAction } from "../ui/use-form-action";

export function CreateApiTokenForm() {
  const [state, formAction, pending] = useFormAction(createApiTokenAction);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <Card className="self-start">
      <CardHeader title="New token" description="Only its hash is kept: the token is shown once, here." />
      <CardBody className="space-y-4">
        {state?.ok ? <NewTokenSecret name={state.data.name} secret={state.data.secret} /> : null}
        <form ref={form} onSubmit={formAction} className="space-y-4" noValidate>
          {state && !state.ok && !state.fieldErrors ? <Alert tone="danger">{state.message}</Alert> : null}
          <Field
            id="token-name"
            label="Name"
            hint="What will use it, e.g. Airflow or GitHub Actions."
            errors={errors.name}
          >
            <Input name="name" autoComplete="off" required maxLength={100} />
          </Field>
          <Field
            id="token-scope"
            label="Scope"
            errors={errors.scope}
            hint={API_TOKEN_SCOPES.map((scope) => `${SCOPE_LABELS[scope]}: ${SCOPE_DESCRIPTIONS[scope]}.`).join(" ")}
          >
            <Select name="scope" defaultValue="RUN">
              {API_TOKEN_SCOPES.map((scope) => (
                <option key={scope} value={scope}>
                  {SCOPE_LABELS[scope]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="token-expiry" label="Expires" errors={errors.expiresInDays}>
            <Select name="expiresInDays" defaultValue="90">
              {API_TOKEN_EXPIRY_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </Select>
          </Field>
          <SubmitButton className="w-full" disabled={pending}>
            {pending ? "Creating…" : "Create token"}
          </SubmitButton>
        </form>
      </CardBody>
    </Card>
  );
}

function NewTokenSecret({ name, secret }: { name: string; secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Alert tone="success" title={`Token "${name}" created`}>
      <p>Copy it now: it is not shown again.</p>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
        <code
          aria-label="New API token"
          className="block min-w-0 break-all rounded border border-border bg-card px-2 py-1 font-mono text-xs text-foreground"
        >
          {secret}
        </code>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </Alert>
  );
}
