"use server";

import { revalidatePath } from "next/cache";
import { getXApp } from "@/lib/connections/get-x-app";
import { saveAccountStep, saveConnectionStep, saveEventStep } from "@/lib/destinations/save-x-steps";
import { confirmPreviewStep } from "@/lib/destinations/confirm-preview-step";
import { saveMappingStep } from "@/lib/destinations/save-mapping-step";
import { saveScheduleStep } from "@/lib/destinations/save-schedule-step";
import { saveSourceStep } from "@/lib/destinations/save-source-step";
import { sendTestEvent, type TestEventResult } from "@/lib/destinations/send-test-event";
import {
  accountStepSchema,
  connectionStepSchema,
  destinationIdSchema,
  eventStepSchema,
  mappingStepSchema,
  scheduleStepSchema,
  sourceStepSchema,
  testEventSchema,
} from "@/lib/destinations/step-schemas";
import { nextStepKey, type WizardStepKey } from "@/lib/destinations/wizard-steps";
import { defineAction } from "@/lib/server/action";
import { secrets } from "@/lib/server/crypto";
import { getDb } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";

// One action per wizard step, each with its form's schema; editors and owners only. Each returns
// where to go next rather than redirecting, so the form can show errors in place.

const deps = () => ({
  db: getDb(),
  box: secrets(),
  app: getXApp(),
  allowPrivateWebhooks: getEnv().SLUICE_ALERT_WEBHOOKS_PRIVATE,
});

function advanced(destinationId: string, step: WizardStepKey) {
  revalidatePath(`/destinations/${destinationId}`, "layout");
  const next = nextStepKey(step);
  return {
    ok: true as const,
    data: { next: next ? `/destinations/${destinationId}/setup/${next}` : `/destinations/${destinationId}` },
  };
}

export const saveConnectionStepAction = defineAction(
  { role: "EDITOR", schema: connectionStepSchema },
  async (input, user) => {
    await saveConnectionStep(deps(), user, input);
    return advanced(input.destinationId, "connection");
  },
);

export const saveAccountStepAction = defineAction(
  { role: "EDITOR", schema: accountStepSchema },
  async (input, user) => {
    await saveAccountStep(deps(), user, input);
    return advanced(input.destinationId, "account");
  },
);

export const saveEventStepAction = defineAction({ role: "EDITOR", schema: eventStepSchema }, async (input, user) => {
  await saveEventStep(deps(), user, input);
  return advanced(input.destinationId, "event");
});

export const saveSourceStepAction = defineAction({ role: "EDITOR", schema: sourceStepSchema }, async (input, user) => {
  await saveSourceStep(deps(), user, input);
  return advanced(input.destinationId, "source");
});

export const saveMappingStepAction = defineAction(
  { role: "EDITOR", schema: mappingStepSchema },
  async (input, user) => {
    await saveMappingStep(deps(), user, input);
    return advanced(input.destinationId, "mapping");
  },
);

export const confirmPreviewStepAction = defineAction(
  { role: "EDITOR", schema: destinationIdSchema },
  async (input, user) => {
    await confirmPreviewStep(deps(), user, input);
    return advanced(input.destinationId, "preview");
  },
);

export const sendTestEventAction = defineAction(
  { role: "EDITOR", schema: testEventSchema },
  async (input, user): Promise<{ ok: true; data: TestEventResult }> => {
    return { ok: true, data: await sendTestEvent(deps(), user, input) };
  },
);

export const saveScheduleStepAction = defineAction(
  { role: "EDITOR", schema: scheduleStepSchema },
  async (input, user) => {
    const result = await saveScheduleStep(deps(), user, input);
    revalidatePath("/destinations");
    revalidatePath(`/destinations/${input.destinationId}`, "layout");
    const saved = result.activated ? "created" : "saved";
    return { ok: true, data: { next: `/destinations/${input.destinationId}?saved=${saved}` } };
  },
);
