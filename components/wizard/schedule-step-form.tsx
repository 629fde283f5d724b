"use client";

import { useState, useSyncExternalStore, type ComponentProps } from "react";
import { saveScheduleStepAction } from "@/app/(app)/destinations/[id]/setup/actions";
import { computeNextRunAt, describeSchedule, type Schedule } from "@/lib/destinations/schedule";
import { Alert } from "../ui/alert";
import { Field } from "../ui/field";
import { Input, Select } from "../ui/input";
import { AlertSettingsFields } from "./alert-settings-fields";
import { ChoiceCard } from "./choice-card";
import { ReadModeFields } from "./read-mode-fields";
import { StepFooter } from "./step-footer";
import { useStepForm } from "./use-step-form";
import { toneText } from "../ui/tone-text";

const noSubscribe = () => () => {};
/** True in the browser after hydration: local times depend on the visitor's zone, not the server's. */
function useIsClient() {
  return useSyncExternalStore(noSubscribe, () => true, () => false);
}

const localFormat = (date: Date) => new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
const utcFormat = (date: Date) => `${new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date)} UTC`;

interface ScheduleStepFormProps {
  destinationId: string;
  name: string;
  schedule: Schedule;
  alerts: { webhookHint: string | null; emails: string[]; rejectedShare: number | null };
  /** Whether the server can send e-mail alerts (SMTP_URL). */
  emailConfigured: boolean;
  reads: Omit<ComponentProps<typeof ReadModeFields>, "fieldErrors">;
  status: "DRAFT" | "ACTIVE" | "PAUSED";
  readOnly: boolean;
  backHref: string;
}

export function ScheduleStepForm({ destinationId, name, schedule, alerts, emailConfigured, reads, status, readOnly, backHref }: ScheduleStepFormProps) {
  const { onSubmit, pending, fieldErrors, formError } = useStepForm(saveScheduleStepAction);
  const isClient = useIsClient();
  const [kind, setKind] = useState<Schedule["kind"]>(schedule.kind);
  const initialMinutes = schedule.kind === "INTERVAL" ? schedule.intervalMinutes : 60;
  const [unit, setUnit] = useState<"minutes" | "hours">(initialMinutes % 60 === 0 ? "hours" : "minutes");
  const [every, setEvery] = useState(String(initialMinutes % 60 === 0 ? initialMinutes / 60 : initialMinutes));
  const [dailyAt, setDailyAt] = useState(schedule.kind === "DAILY" ? schedule.dailyAt : "06:00");

  const draft: Schedule | null =
    kind === "MANUAL" ? { kind } : kind === "INTERVAL" ? (Number(every) > 0 ? { kind, intervalMinutes: Number(every) * (unit === "hours" ? 60 : 1) } : null) : /^\d{2}:\d{2}$/.test(dailyAt) ? { kind, dailyAt } : null;
  const nextRun = draft && isClient ? computeNextRunAt(draft, new Date()) : null;
  const dailyLocal = (() => {
    if (!isClient || !/^\d{2}:\d{2}$/.test(dailyAt)) return null;
    const [h, m] = dailyAt.split(":").map(Number);
    const date = new Date();
    date.setUTCHours(h!, m!, 0, 0);
    return new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(date);
  })();

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <input type="hidden" name="destinationId" value={destinationId} />
      {formError && Object.keys(fieldErrors).length === 0 ? <Alert tone="danger" className={toneText.danger}>{formError}</Alert> : null}
      <fieldset disabled={readOnly} className="space-y-5">
        <Field id="destination-name" label="Name" errors={fieldErrors.name}>
          <Input name="name" defaultValue={name} maxLength={100} autoComplete="off" />
        </Field>
        <fieldset>
          <legend className="mb-2 text-sm font-medium">When it runs</legend>
          <div className="space-y-2">
            <ChoiceCard name="scheduleKind" value="MANUAL" checked={kind === "MANUAL"} onChange={() => setKind("MANUAL")} description="Only when someone clicks “Run sync now” (or the CLI runs it).">
              Manual only
            </ChoiceCard>
            <ChoiceCard name="scheduleKind" value="INTERVAL" checked={kind === "INTERVAL"} onChange={() => setKind("INTERVAL")} description="Each run sends only rows not sent before.">
              Every few minutes or hours
            </ChoiceCard>
            {kind === "INTERVAL" ? (
              <div className="ml-7 flex flex-wrap items-start gap-2">
                <Field id="interval-every" label="Every" errors={fieldErrors.intervalEvery}>
                  <Input name="intervalEvery" inputMode="numeric" value={every} onChange={(event) => setEvery(event.target.value)} className="w-24" />
                </Field>
                <Field id="interval-unit" label="Unit">
                  <Select name="intervalUnit" value={unit} onChange={(event) => setUnit(event.target.value as "minutes" | "hours")} className="w-32">
                    <option value="minutes">minutes</option>
                    <option value="hours">hours</option>
                  </Select>
                </Field>
              </div>
            ) : null}
            <ChoiceCard name="scheduleKind" value="DAILY" checked={kind === "DAILY"} onChange={() => setKind("DAILY")} description="Once a day at a fixed time (UTC).">
              Daily
            </ChoiceCard>
            {kind === "DAILY" ? (
              <div className="ml-7">
                <Field id="daily-at" label="At (UTC, 24-hour)" hint={dailyLocal ? `That is ${dailyLocal} where you are.` : "HH:mm, e.g. 06:30."} errors={fieldErrors.dailyAt}>
                  <Input name="dailyAt" type="time" value={dailyAt} onChange={(event) => setDailyAt(event.target.value)} className="w-36" />
                </Field>
              </div>
            ) : null}
          </div>
        </fieldset>
        <ReadModeFields {...reads} fieldErrors={fieldErrors} />
        <AlertSettingsFields
          key={`${alerts.webhookHint ?? ""} ${alerts.emails.join(",")}`}
          webhookHint={alerts.webhookHint}
          emails={alerts.emails}
          emailConfigured={emailConfigured}
          rejectedShare={alerts.rejectedShare}
          fieldErrors={fieldErrors}
        />
      </fieldset>
      <div className="rounded-md bg-muted px-4 py-3 text-sm" aria-live="polite">
        <p className="font-medium">{draft ? describeSchedule(draft) : "Choose when it runs"}</p>
        <p className="mt-0.5 text-muted-foreground">
          {status === "PAUSED"
            ? "This destination is paused: nothing runs until it is resumed."
            : kind === "MANUAL"
              ? "No scheduled runs."
              : nextRun
                ? `First scheduled run: ${utcFormat(nextRun)} (${localFormat(nextRun)} your time), counted from when you save.`
                : ""}
        </p>
      </div>
      <StepFooter backHref={backHref} submitLabel={status === "DRAFT" ? "Save destination" : "Save changes"} pending={pending} readOnly={readOnly} />
    </form>
  );
}
