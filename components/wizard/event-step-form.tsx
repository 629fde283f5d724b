"use client";

import { useState, type ReactNode } from "react";
import { saveEventStepAction } from "@/app/(app)/destinations/[id]/setup/actions";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { ChoiceCard } from "./choice-card";
import { StepFooter } from "./step-footer";
import { useStepForm } from "./use-step-form";
import { toneText } from "../ui/tone-text";

export interface PixelGroup {
  pixelId: string;
  events: Array<{ id: string; name: string; type: string; status: string }>;
}

const TYPE_LABELS: Record<string, string> = { SITE_VISIT: "Page view", SIGN_UP: "Lead" };
const typeLabel = (type: string) =>
  TYPE_LABELS[type] ?? type.charAt(0) + type.slice(1).toLowerCase().replaceAll("_", " ");

interface EventStepFormProps {
  destinationId: string;
  groups: PixelGroup[];
  pixelId: string | null;
  eventId: string | null;
  /** A pixel access token's pixel, which cannot be changed. */
  fixedPixel: string | null;
  readOnly: boolean;
  backHref: string;
  children?: ReactNode;
}

/** Pick an event of the account (it fills both IDs) or type them; either way the server checks. */
export function EventStepForm({
  destinationId,
  groups,
  pixelId,
  eventId,
  fixedPixel,
  readOnly,
  backHref,
  children,
}: EventStepFormProps) {
  const { onSubmit, pending, fieldErrors, formError } = useStepForm(saveEventStepAction);
  const [pixel, setPixel] = useState(pixelId ?? fixedPixel ?? "");
  const [event, setEvent] = useState(eventId ?? "");
  const bareEvent = event.replace(/^tw-[a-z0-9]+-/i, "").toLowerCase();
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <input type="hidden" name="destinationId" value={destinationId} />
      {children}
      {formError && !fieldErrors.pixelId && !fieldErrors.eventId ? (
        <Alert tone="danger" className={toneText.danger}>
          {formError}
        </Alert>
      ) : null}
      <fieldset disabled={readOnly} className="space-y-5">
        {groups.length > 0 ? (
          <div className="space-y-4">
            <p className="text-sm font-medium">Pick an event of this ad account</p>
            {groups.map((group) => (
              <fieldset key={group.pixelId}>
                <legend className="mb-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">
                  Pixel <span className="font-mono normal-case tracking-normal">{group.pixelId}</span>
                </legend>
                <div className="grid gap-2 sm:grid-cols-2">
                  {group.events.map((tag) => (
                    <ChoiceCard
                      key={tag.id}
                      name="pick"
                      value={`${group.pixelId}:${tag.id}`}
                      checked={pixel === group.pixelId && bareEvent === tag.id}
                      onChange={() => {
                        setPixel(group.pixelId);
                        setEvent(tag.id);
                      }}
                    >
                      <span className="flex items-center justify-between gap-2">
                        <span className="font-medium">{tag.name}</span>
                        <Badge
                          tone={tag.status === "TRACKING" ? "success" : "neutral"}
                          className={tag.status === "TRACKING" ? toneText.success : undefined}
                        >
                          {tag.status === "TRACKING" ? "Tracking" : tag.status.toLowerCase()}
                        </Badge>
                      </span>
                      <span className="block text-xs text-muted-foreground">
                        {typeLabel(tag.type)} · Event ID <span className="font-mono">{tag.id}</span>
                      </span>
                    </ChoiceCard>
                  ))}
                </div>
              </fieldset>
            ))}
            <p className="text-sm text-muted-foreground">Or type the IDs:</p>
          </div>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="pixel-id"
            label="Pixel ID"
            hint="The X Pixel's ID (base 36), like o8z6j."
            errors={fieldErrors.pixelId}
          >
            <Input
              name="pixelId"
              value={pixel}
              onChange={(e) => setPixel(e.target.value)}
              readOnly={fixedPixel !== null}
              autoComplete="off"
              spellCheck={false}
            />
          </Field>
          <Field
            id="event-id"
            label="Event ID"
            hint="Like o87ne, or tw-o8z6j-o87ne (which fills in the Pixel ID)."
            errors={fieldErrors.eventId}
          >
            <Input
              name="eventId"
              value={event}
              onChange={(e) => {
                setEvent(e.target.value);
                // tw-<pixel>-<event> names its pixel: fill an empty Pixel ID from it (the server does too).
                const named = /^tw-([a-z0-9]+)-[a-z0-9]+$/i.exec(e.target.value.trim());
                if (named && !pixel.trim() && fixedPixel === null) setPixel(named[1]!.toLowerCase());
              }}
              autoComplete="off"
              spellCheck={false}
            />
          </Field>
        </div>
      </fieldset>
      <div className="rounded-md bg-muted px-4 py-3 text-sm text-muted-foreground">
        <p className="font-medium text-foreground">Where to find them</p>
        <p className="mt-1">
          In X Ads Manager, open <strong className="font-medium text-foreground">Tools → Events Manager</strong>. The
          Pixel ID is the ID of your X Pixel event source; each event under it has its own Event ID. Both are accepted
          bare (<code>o87ne</code>) or as <code>tw-&lt;pixel&gt;-&lt;event&gt;</code>.
        </p>
        <p className="mt-2">
          Sending to the same event your website&apos;s Pixel uses, with the same <code>conversion_id</code> (e.g. the
          order number), lets X deduplicate the two within 48 hours, so a purchase seen by both counts once.
        </p>
      </div>
      <div
        data-testid="app-events-note"
        className="rounded-md border border-border px-4 py-3 text-sm text-muted-foreground"
      >
        <p className="font-medium text-foreground">App events (installs, in-app purchases) are not supported</p>
        <p className="mt-1">
          Sluice sends web events only: events of an X Pixel, through X&apos;s web Conversions API. X takes app events
          through a separate X App Conversion API (Events Manager → Manage App Events), whose endpoint and request
          format X has not published, and the web endpoint does not accept them. An app event&apos;s ID entered here
          will be refused.
        </p>
      </div>
      <StepFooter backHref={backHref} submitLabel="Continue" pending={pending} readOnly={readOnly} />
    </form>
  );
}
