/**
 * The setup wizard, as data (conventions.md §4): one route per step, in this order. A step can be
 * opened once every step before it is complete; what "complete" means is read from the saved
 * destination, so a half-finished setup resumes where it stopped and an edit can start anywhere.
 */
export const WIZARD_STEPS = [
  { key: "connection", title: "Connect X", description: "The X account that sends the conversions." },
  { key: "account", title: "Ad account", description: "The ad account that owns the pixel." },
  { key: "event", title: "Pixel and event", description: "Where the conversions are counted." },
  { key: "source", title: "Source", description: "The rows to send." },
  { key: "mapping", title: "Mapping", description: "Which column feeds which X field." },
  { key: "preview", title: "Preview and test", description: "What X will receive, and a real test event." },
  { key: "schedule", title: "Schedule and save", description: "When it runs, and who hears when it goes wrong." },
] as const;

export type WizardStepKey = (typeof WIZARD_STEPS)[number]["key"];
export type WizardStep = (typeof WIZARD_STEPS)[number];

export function isWizardStepKey(value: string): value is WizardStepKey {
  return WIZARD_STEPS.some((step) => step.key === value);
}

export function stepIndex(key: WizardStepKey): number {
  return WIZARD_STEPS.findIndex((step) => step.key === key);
}

export function nextStepKey(key: WizardStepKey): WizardStepKey | null {
  return WIZARD_STEPS[stepIndex(key) + 1]?.key ?? null;
}

/** The later of two steps (wizardStep records the furthest one ever completed). */
export function furthestStep(a: string | null | undefined, b: WizardStepKey): WizardStepKey {
  return a && isWizardStepKey(a) && stepIndex(a) > stepIndex(b) ? a : b;
}

/** What completion is judged on: the saved destination, not the browser. */
export interface WizardProgress {
  status: "DRAFT" | "ACTIVE" | "PAUSED";
  wizardStep: string | null;
  connection: { kind: "OAUTH" | "PIXEL_TOKEN"; revoked: boolean } | null;
  adAccountId: string | null;
  pixelId: string | null;
  eventId: string | null;
  sourceId: string | null;
  hasMapping: boolean;
}

export function isStepComplete(progress: WizardProgress, key: WizardStepKey): boolean {
  switch (key) {
    case "connection":
      return progress.connection !== null && !progress.connection.revoked;
    case "account":
      // A pixel access token cannot list accounts; its pixel stands in for the account.
      return progress.adAccountId !== null || progress.connection?.kind === "PIXEL_TOKEN";
    case "event":
      return Boolean(progress.pixelId && progress.eventId);
    case "source":
      return progress.sourceId !== null;
    case "mapping":
      return progress.hasMapping;
    case "preview":
      return (
        progress.status !== "DRAFT" ||
        (progress.wizardStep !== null &&
          isWizardStepKey(progress.wizardStep) &&
          stepIndex(progress.wizardStep) >= stepIndex("preview"))
      );
    case "schedule":
      return progress.status !== "DRAFT";
  }
}

export interface StepState {
  key: WizardStepKey;
  title: string;
  complete: boolean;
  /** Every earlier step is complete, so this one can be opened. */
  reachable: boolean;
}

export function wizardStepStates(progress: WizardProgress): StepState[] {
  let allBeforeComplete = true;
  return WIZARD_STEPS.map((step) => {
    const complete = isStepComplete(progress, step.key);
    const state = { key: step.key, title: step.title, complete, reachable: allBeforeComplete };
    allBeforeComplete &&= complete;
    return state;
  });
}

/** Where "continue setup" goes: the first step not complete (the last one when all are). */
export function resumeStep(progress: WizardProgress): WizardStepKey {
  return wizardStepStates(progress).find((state) => !state.complete)?.key ?? "schedule";
}
