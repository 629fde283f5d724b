"use client";

import { useRef, useState, useTransition } from "react";
import { saveSsoSettingsAction, testSsoConnectionAction } from "@/app/(app)/settings/sso/actions";
import { ROLE_LABELS, ROLES } from "@/lib/auth/roles";
import type { ActionResult } from "@/lib/errors";
import type { SsoSettingsView } from "@/lib/sso/sso-settings";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { SubmitButton } from "../ui/submit-button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { Field } from "../ui/field";
import { Input, Select } from "../ui/input";
import { Switch } from "../ui/switch";
import { useFormAction } from "../ui/use-form-action";

export function SsoSettingsForm({ settings, callbackUrl }: { settings: SsoSettingsView; callbackUrl: string }) {
  const [state, formAction, pending] = useFormAction(saveSsoSettingsAction);
  const [enabled, setEnabled] = useState(settings.enabled);
  const [test, setTest] = useState<ActionResult | null>(null);
  const [testing, startTest] = useTransition();
  const form = useRef<HTMLFormElement>(null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const testErrors = test && !test.ok ? test.fieldErrors?.issuerUrl : undefined;

  function testConnection() {
    setTest(null);
    startTest(async () =>
      setTest(
        await testSsoConnectionAction(null, {
          issuerUrl: String(new FormData(form.current ?? undefined).get("issuerUrl") ?? ""),
        }),
      ),
    );
  }

  return (
    <Card className="self-start">
      <CardHeader
        title="Single sign-on (OpenID Connect)"
        description="Register Sluice with your identity provider (Okta, Microsoft Entra ID, Google Workspace, Keycloak…) as a web application, then enter what it gives you."
      />
      <CardBody>
        <form ref={form} onSubmit={formAction} className="space-y-4" noValidate>
          {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
          {state && !state.ok && !state.fieldErrors ? <Alert tone="danger">{state.message}</Alert> : null}
          <div className="flex items-center justify-between gap-4">
            <label htmlFor="sso-enabled" className="text-sm font-medium">
              Offer &ldquo;Continue with SSO&rdquo; on the sign-in page
            </label>
            <Switch
              id="sso-enabled"
              checked={enabled}
              onCheckedChange={setEnabled}
              aria-describedby={errors.enabled ? "sso-enabled-error" : undefined}
            />
          </div>
          <input type="hidden" name="enabled" value={enabled ? "on" : ""} />
          {errors.enabled ? (
            <p id="sso-enabled-error" className="text-sm text-danger">
              {errors.enabled[0]}
            </p>
          ) : null}
          <div className="rounded-md border border-border bg-muted px-3 py-2 text-sm">
            <p className="font-medium">Redirect URI to register with your provider</p>
            <code className="break-all text-xs">{callbackUrl}</code>
          </div>
          <Field
            id="sso-issuer"
            label="Issuer URL"
            hint="The part before /.well-known/openid-configuration, e.g. https://login.example.com."
            errors={errors.issuerUrl ?? testErrors}
          >
            <Input
              name="issuerUrl"
              type="url"
              inputMode="url"
              autoComplete="off"
              defaultValue={settings.issuerUrl}
              placeholder="https://login.example.com"
              required
            />
          </Field>
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="secondary" size="sm" onClick={testConnection} disabled={testing}>
              {testing ? "Testing…" : "Test connection"}
            </Button>
            {test?.ok ? (
              <p role="status" className="text-sm text-success">
                {test.message}
              </p>
            ) : null}
            {test && !test.ok && !test.fieldErrors ? (
              <p role="status" className="text-sm text-danger">
                {test.message}
              </p>
            ) : null}
          </div>
          <Field id="sso-client-id" label="Client ID" errors={errors.clientId}>
            <Input name="clientId" autoComplete="off" defaultValue={settings.clientId} required />
          </Field>
          <Field
            id="sso-client-secret"
            label="Client secret"
            hint={
              settings.hasClientSecret
                ? "A secret is stored (encrypted). Leave blank to keep it."
                : "Stored encrypted; never shown again."
            }
            errors={errors.clientSecret}
          >
            <Input
              name="clientSecret"
              type="password"
              autoComplete="new-password"
              placeholder={settings.hasClientSecret ? "•••••••• (leave blank to keep)" : undefined}
            />
          </Field>
          <Field
            id="sso-domains"
            label="Allowed e-mail domains"
            hint="Comma-separated, e.g. example.com, example.co.uk. Only people with these domains may sign in by SSO."
            errors={errors.allowedDomains}
          >
            <Input
              name="allowedDomains"
              autoComplete="off"
              defaultValue={settings.allowedDomains.join(", ")}
              placeholder="example.com"
            />
          </Field>
          <Field
            id="sso-role"
            label="Role for new users"
            hint="What someone gets when their first SSO sign-in creates their account. Owners can change it later under Users."
            errors={errors.newUserRole}
          >
            <Select name="newUserRole" defaultValue={settings.newUserRole}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </Select>
          </Field>
          <SubmitButton disabled={pending}>{pending ? "Saving…" : "Save"}</SubmitButton>
        </form>
      </CardBody>
    </Card>
  );
}
