"use client";

import { useState, type ComponentProps } from "react";
import { saveScheduleStepAction } from "@/app/(app)/destinations/[id]/setup/actions";
import {
  checkCronExpression,
  DAILY_AT_PATTERN,
  describeSchedule,
  nextRunTimes,
  type Schedule,
} from "@/lib/destinations/schedule";
import { formatDateTime } from "@/lib/format/date-time";
import { Alert } from "../ui/alert";
import { DateTime } from "../ui/date-time";
import { useIsClient } from "../ui/use-is-client";
import { Field } from "../ui/field";
import { Input, Select } from "../ui/input";
import { AlertSettingsFields } from "./alert-settings-fields";
import { ChoiceCard } from "./choice-card";
import { ReadModeFields } from "./read-mode-fields";
import { TimeZoneSelect } from "./time-zone-select";
import { StepFooter } from "./step-footer";
import { useStepForm } from "./use-step-form";
import { toneText } from "../ui/tone-text";

const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The next runs as this browser computes them; none when it does not know the saved zone (the
 * server, which checked it, still runs the schedule). */
function safeNextRuns(schedule: Schedule, count: number): Date[] {
  try {
    return nextRunTimes(schedule, new Date(), count);
  } catch {
    return [];
  }
}

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

export function ScheduleStepForm({
  destinationId,
  name,
  schedule,
  alerts,
  emailConfigured,
  reads,
  status,
  readOnly,
  backHref,
}: ScheduleStepFormProps) {
  const { onSubmit, pending, fieldErrors, formError } = useStepForm(saveScheduleStepAction);
  const isClient = useIsClient();
  const [kind, setKind] = useState<Schedule["kind"]>(schedule.kind);
  const initialMinutes = schedule.kind === "INTERVAL" ? schedule.intervalMinutes : 60;
  const [unit, setUnit] = useState<"minutes" | "hours">(initialMinutes % 60 === 0 ? "hours" : "minutes");
  const [every, setEvery] = useState(String(initialMinutes % 60 === 0 ? initialMinutes / 60 : initialMinutes));
  const [dailyAt, setDailyAt] = useState(schedule.kind === "DAILY" ? schedule.dailyAt : "06:00");
  const [cron, setCron] = useState(schedule.kind === "CRON" ? schedule.cron : "0 6 * * 1-5");
  // A saved zone stays; a new daily or cron schedule starts in the viewer's zone (known only in
  // the browser, so the server renders UTC until then).
  const [chosenZone, setChosenZone] = useState<string | null>(
    schedule.kind === "DAILY" || schedule.kind === "CRON" ? schedule.timeZone : null,
  );
  const timeZone = chosenZone ?? (isClient ? viewerZone() : "UTC");

  const cronProblem = kind === "CRON" && isClient ? checkCronExpression(cron, timeZone) : null;
  const draft: Schedule | null =
    kind === "MANUAL"
      ? { kind }
      : kind === "INTERVAL"
        ? Number(every) > 0
          ? { kind, intervalMinutes: Number(every) * (unit === "hours" ? 60 : 1) }
          : null
        : kind === "DAILY"
          ? DAILY_AT_PATTERN.test(dailyAt)
            ? { kind, dailyAt, timeZone }
            : null
          : cronProblem === null
            ? { kind, cron: cron.trim().split(/\s+/).join(" "), timeZone }
            : null;
  const upcoming = draft && isClient ? safeNextRuns(draft, kind === "CRON" || kind === "DAILY" ? 5 : 1) : [];
  const zoneHint =
    isClient && timeZone !== viewerZone() && upcoming[0]
      ? `The next one is ${formatDateTime(upcoming[0], { timeZone: viewerZone() })} where you are.`
      : null;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <input type="hidden" name="destinationId" value={destinationId} />
      {formError && Object.keys(fieldErrors).length === 0 ? (
        <Alert tone="danger" className={toneText.danger}>
          {formError}
        </Alert>
      ) : null}
      <fieldset disabled={readOnly} className="space-y-5">
        <Field id="destination-name" label="Name" errors={fieldErrors.name}>
          <Input name="name" defaultValue={name} maxLength={100} autoComplete="off" />
        </Field>
        <fieldset>
          <legend className="mb-2 text-sm font-medium">When it runs</legend>
          <div className="space-y-2">
            <ChoiceCard
              name="scheduleKind"
              value="MANUAL"
              checked={kind === "MANUAL"}
              onChange={() => setKind("MANUAL")}
              description="Only when someone clicks “Run sync now” (or the CLI runs it)."
            >
              Manual only
            </ChoiceCard>
            <ChoiceCard
              name="scheduleKind"
              value="INTERVAL"
              checked={kind === "INTERVAL"}
              onChange={() => setKind("INTERVAL")}
              description="Each run sends only rows not sent before."
            >
              Every few minutes or hours
            </ChoiceCard>
            {kind === "INTERVAL" ? (
              <div className="ml-7 flex flex-wrap items-start gap-2">
                <Field id="interval-every" label="Every" errors={fieldErrors.intervalEvery}>
                  <Input
                    name="intervalEvery"
                    inputMode="numeric"
                    value={every}
                    onChange={(event) => setEvery(event.target.value)}
                    className="w-24"
                  />
                </Field>
                <Field id="interval-unit" label="Unit">
                  <Select
                    name="intervalUnit"
                    value={unit}
                    onChange={(event) => setUnit(event.target.value as "minutes" | "hours")}
                    className="w-32"
                  >
                    <option value="minutes">minutes</option>
                    <option value="hours">hours</option>
                  </Select>
                </Field>
              </div>
            ) : null}
            <ChoiceCard
              name="scheduleKind"
              value="DAILY"
              checked={kind === "DAILY"}
              onChange={() => setKind("DAILY")}
              description="Once a day at a fixed time in a time zone you choose."
            >
              Daily
            </ChoiceCard>
            {kind === "DAILY" ? (
              <div className="ml-7 flex flex-wrap items-start gap-3">
                <Field
                  id="daily-at"
                  label="At (24-hour)"
                  hint={zoneHint ?? "HH:mm, e.g. 06:30."}
                  errors={fieldErrors.dailyAt}
                >
                  <Input
                    name="dailyAt"
                    type="time"
                    value={dailyAt}
                    onChange={(event) => setDailyAt(event.target.value)}
                    className="w-36"
                  />
                </Field>
                <TimeZoneSelect
                  id="daily-time-zone"
                  value={timeZone}
                  onChange={setChosenZone}
                  errors={fieldErrors.scheduleTimeZone}
                />
              </div>
            ) : null}
            <ChoiceCard
              name="scheduleKind"
              value="CRON"
              checked={kind === "CRON"}
              onChange={() => setKind("CRON")}
              description="For power users: a five-field cron expression, like 0 6 * * 1-5 for weekdays at 06:00."
            >
              Cron expression
            </ChoiceCard>
            {kind === "CRON" ? (
              <div className="ml-7 flex flex-wrap items-start gap-3">
                <Field
                  id="cron"
                  label="Cron expression"
                  hint="minute hour day-of-month month day-of-week; runs at least 5 minutes apart."
                  errors={fieldErrors.cron ?? (cronProblem ? [cronProblem] : undefined)}
                >
                  <Input
                    name="cron"
                    value={cron}
                    onChange={(event) => setCron(event.target.value)}
                    className="w-full font-mono sm:w-56"
                    autoComplete="off"
                    spellCheck={false}
                  />
                </Field>
                <TimeZoneSelect
                  id="cron-time-zone"
                  value={timeZone}
                  onChange={setChosenZone}
                  errors={fieldErrors.scheduleTimeZone}
                />
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
          {status === "PAUSED" ? (
            "This destination is paused: nothing runs until it is resumed."
          ) : kind === "MANUAL" ? (
            "No scheduled runs."
          ) : upcoming.length === 1 ? (
            <>
              First scheduled run: <DateTime value={upcoming[0]!.toISOString()} />, counted from when you save.
            </>
          ) : (
            ""
          )}
        </p>
        {status !== "PAUSED" && upcoming.length > 1 ? (
          <>
            <p id="next-runs-label" className="mt-2 text-muted-foreground">
              The next {upcoming.length} runs, in your time:
            </p>
            <ol aria-labelledby="next-runs-label" className="mt-1 list-decimal space-y-0.5 pl-5 tabular-nums">
              {upcoming.map((time) => (
                <li key={time.toISOString()}>
                  <DateTime value={time.toISOString()} />
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </div>
      <StepFooter
        backHref={backHref}
        submitLabel={status === "DRAFT" ? "Save destination" : "Save changes"}
        pending={pending}
        readOnly={readOnly}
      />
    </form>
  );
}
