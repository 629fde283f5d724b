"use client";

import { useState, useTransition } from "react";
import { setPasswordSignInAction } from "@/app/(app)/settings/sso/actions";
import type { ActionResult } from "@/lib/errors";
import type { SsoSettingsView } from "@/lib/sso/sso-settings";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";

export function PasswordSignInCard({ settings }: { settings: SsoSettingsView }) {
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  const canTurnOff = settings.enabled && settings.ownerSsoSignInAt !== null;

  function setEnabled(enabled: boolean) {
    setResult(null);
    startTransition(async () => setResult(await setPasswordSignInAction(null, { enabled: String(enabled) })));
  }

  return (
    <Card className="self-start">
      <CardHeader
        title="Password sign-in"
        description={
          settings.passwordSignInEnabled
            ? "On: people can sign in with an e-mail and password."
            : "Off: everyone signs in by SSO."
        }
      />
      <CardBody className="space-y-3 text-sm">
        {result ? <Alert tone={result.ok ? "success" : "danger"}>{result.message}</Alert> : null}
        {settings.passwordSignInEnabled ? (
          <>
            <p className="text-muted-foreground">
              {canTurnOff
                ? "An owner has signed in by SSO, so it works. Turning passwords off makes SSO the only way in."
                : "It can be turned off once SSO is on and an owner has signed in by SSO at least once."}
            </p>
            <Button variant="danger" size="sm" disabled={!canTurnOff || pending} onClick={() => setEnabled(false)}>
              Turn password sign-in off
            </Button>
          </>
        ) : (
          <Button variant="secondary" size="sm" disabled={pending} onClick={() => setEnabled(true)}>
            Turn password sign-in on
          </Button>
        )}
        <p className="text-xs text-muted-foreground">
          Locked out? On the server, <code className="whitespace-nowrap">npm run sluice --</code>{" "}
          <code className="whitespace-nowrap">auth password-signin on</code> turns it back on (it needs DATABASE_URL).
        </p>
      </CardBody>
    </Card>
  );
}
