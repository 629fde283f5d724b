"use client";

import { useEffect, useRef, useState } from "react";
import { formatShare } from "@/lib/destinations/alert-webhook";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { Input } from "../ui/input";

interface AlertSettingsFieldsProps {
  /** The saved webhook's hint; its URL never reaches the browser. */
  webhookHint: string | null;
  /** Addresses alerted by e-mail, and whether the server can send e-mail (SMTP_URL). */
  emails: string[];
  emailConfigured: boolean;
  rejectedShare: number | null;
  fieldErrors: Record<string, string[] | undefined>;
}

/**
 * The schedule step's alert fields. A saved webhook is shown by its hint and kept unless the
 * person replaces or removes it: the form cannot send back a URL it never had.
 */
export function AlertSettingsFields({
  webhookHint,
  emails,
  emailConfigured,
  rejectedShare,
  fieldErrors,
}: AlertSettingsFieldsProps) {
  const [mode, setMode] = useState<"keep" | "set" | "none">(webhookHint ? "keep" : "none");
  const [url, setUrl] = useState("");
  const [addresses, setAddresses] = useState(emails.join(", "));
  // Each button replaces itself, so focus goes to what appears instead of falling to the page.
  const container = useRef<HTMLFieldSetElement>(null);
  const changedByButton = useRef(false);
  const choose = (next: typeof mode) => {
    changedByButton.current = true;
    setMode(next);
  };
  useEffect(() => {
    if (!changedByButton.current) return;
    changedByButton.current = false;
    container.current?.querySelector<HTMLElement>("[data-focus-after-change]")?.focus();
  }, [mode]);
  // With no saved webhook, typing a URL is what turns alerts on.
  const sent = webhookHint ? mode : url.trim() ? "set" : "none";
  const alerting = sent !== "none" || addresses.trim() !== "";
  const urlErrors = fieldErrors.alertWebhookUrl;

  return (
    <fieldset ref={container} className="space-y-3">
      <legend className="text-sm font-medium">Alerts</legend>
      <p className="text-xs text-muted-foreground">
        When a run fails (and, if you like, when X rejects too many of its rows), Sluice POSTs a JSON summary to a
        webhook (a Slack incoming webhook, or your own endpoint) and e-mails the addresses below. Alerts hold counts and
        reasons, never row data.
      </p>
      <input type="hidden" name="alertWebhook" value={sent} />
      {webhookHint && mode === "keep" ? (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-border px-4 py-3 text-sm">
          <span className="min-w-0">
            Alerts go to <span className="font-mono text-xs">{webhookHint}</span>
          </span>
          <span className="flex gap-2">
            <Button data-focus-after-change variant="secondary" size="sm" onClick={() => choose("set")}>
              Replace URL
            </Button>
            <Button variant="ghost" size="sm" onClick={() => choose("none")}>
              Stop alerts
            </Button>
          </span>
        </div>
      ) : webhookHint && mode === "none" ? (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-border bg-muted px-4 py-3 text-sm">
          <span role="status">Alerts to {webhookHint} stop when you save.</span>
          <Button data-focus-after-change variant="secondary" size="sm" onClick={() => choose("keep")}>
            Keep alerts
          </Button>
        </div>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-0 flex-1">
            <Field
              id="alert-webhook-url"
              label={webhookHint ? "New webhook URL" : "Webhook URL (optional)"}
              hint="Stored encrypted, like X tokens; after saving, only its start and last four characters are shown."
              errors={urlErrors}
            >
              <Input
                data-focus-after-change
                name="alertWebhookUrl"
                type="url"
                inputMode="url"
                value={url}
                onChange={(event) => setUrl(event.target.value)}
                placeholder="https://hooks.slack.com/services/…"
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
          </div>
          {webhookHint ? (
            <Button variant="ghost" size="sm" className="mb-6" onClick={() => choose("keep")}>
              Keep current URL
            </Button>
          ) : null}
        </div>
      )}
      <Field
        id="alert-emails"
        label="E-mail alerts to (optional)"
        hint={
          emailConfigured
            ? "Addresses separated by commas, up to 10."
            : "Addresses separated by commas, up to 10. This server has no SMTP_URL yet: until it has, the run page records each e-mail alert as not sent."
        }
        errors={fieldErrors.alertEmails}
      >
        <Input
          name="alertEmails"
          type="text"
          inputMode="email"
          value={addresses}
          onChange={(event) => setAddresses(event.target.value)}
          placeholder="ops@example.com, marketing@example.com"
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      {alerting ? (
        <Field
          id="alert-rejected-percent"
          label="Also alert when X rejects more than (%)"
          hint="Of the rows a run reads. Leave empty to alert on failed runs only."
          errors={fieldErrors.alertRejectedPercent}
        >
          <Input
            name="alertRejectedPercent"
            inputMode="decimal"
            defaultValue={rejectedShare === null ? "" : formatShare(rejectedShare).slice(0, -1)}
            placeholder="e.g. 5"
            className="w-28"
          />
        </Field>
      ) : null}
    </fieldset>
  );
}
