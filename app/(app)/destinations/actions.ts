"use server";

import { revalidatePath } from "next/cache";
import {
  createDestinationDraft,
  deleteDestination,
  duplicateDestination,
  setDestinationPaused,
} from "@/lib/destinations/manage-destinations";
import { destinationIdSchema, newDestinationSchema, setPausedSchema } from "@/lib/destinations/step-schemas";
import { defineAction } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";

export const createDestinationAction = defineAction(
  { role: "EDITOR", schema: newDestinationSchema },
  async (input, user) => {
    const { id } = await createDestinationDraft(getDb(), user, input);
    revalidatePath("/destinations");
    return { ok: true, data: { next: `/destinations/${id}/setup/connection` } };
  },
);

export const duplicateDestinationAction = defineAction(
  { role: "EDITOR", schema: destinationIdSchema },
  async (input, user) => {
    const copy = await duplicateDestination(getDb(), user, input.destinationId);
    revalidatePath("/destinations");
    return {
      ok: true,
      data: { next: `/destinations/${copy.id}/setup/preview` },
      message: `${copy.name} was created as a draft.`,
    };
  },
);

export const setDestinationPausedAction = defineAction(
  { role: "EDITOR", schema: setPausedSchema },
  async (input, user) => {
    const result = await setDestinationPaused(getDb(), user, input.destinationId, input.paused);
    revalidatePath("/destinations");
    revalidatePath(`/destinations/${input.destinationId}`);
    return {
      ok: true,
      data: undefined,
      message: `${result.name} is ${result.status === "PAUSED" ? "paused" : "active again"}.`,
    };
  },
);

export const deleteDestinationAction = defineAction(
  { role: "EDITOR", schema: destinationIdSchema },
  async (input, user) => {
    const result = await deleteDestination(getDb(), user, input.destinationId);
    revalidatePath("/destinations");
    return { ok: true, data: { next: "/destinations" }, message: `${result.name} was deleted.` };
  },
);
