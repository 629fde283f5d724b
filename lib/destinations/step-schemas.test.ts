import { describe, expect, it } from "vitest";
import { accountStepSchema, eventStepSchema, scheduleStepSchema, sourceStepSchema } from "./step-schemas";

const messages = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));

describe("wizard step schemas", () => {
  it("asks for a choice when a radio group sent nothing", () => {
    expect(messages(accountStepSchema.safeParse({ destinationId: "d" }))).toEqual({ adAccountId: "Choose an ad account." });
    expect(messages(sourceStepSchema.safeParse({ destinationId: "d" }))).toEqual({ sourceId: "Choose a source." });
    expect(accountStepSchema.parse({ destinationId: "d", adAccountId: " 18CE54D4X5T " }).adAccountId).toBe("18ce54d4x5t");
  });

  it("format-checks pixel and event IDs, in both event forms", () => {
    expect(eventStepSchema.parse({ destinationId: "d", pixelId: "O8Z6J", eventId: "TW-o8z6j-O87NE" })).toMatchObject({ pixelId: "o8z6j", eventId: "tw-o8z6j-o87ne" });
    expect(eventStepSchema.safeParse({ destinationId: "d", pixelId: "o8z6j", eventId: "o87ne" }).success).toBe(true);
    expect(messages(eventStepSchema.safeParse({ destinationId: "d", pixelId: "o8z-6j", eventId: "o87 ne" }))).toEqual({
      pixelId: "A Pixel ID has only letters and digits (base 36), like o8z6j.",
      eventId: "An Event ID is base 36 (letters and digits, like o87ne) or tw-<pixel>-<event>, like tw-o8z6j-o87ne.",
    });
    expect(messages(eventStepSchema.safeParse({ destinationId: "d", pixelId: "o8z6j", eventId: "tw-p2k9d-p3aa1" }))).toEqual({
      eventId: "This Event ID names pixel p2k9d, but the Pixel ID is o8z6j.",
    });
  });

  it("checks the schedule fields its kind needs", () => {
    const base = { destinationId: "d", name: "Orders" };
    expect(scheduleStepSchema.safeParse({ ...base, scheduleKind: "MANUAL" }).success).toBe(true);
    expect(messages(scheduleStepSchema.safeParse({ ...base, scheduleKind: "INTERVAL", intervalEvery: "2", intervalUnit: "minutes" }))).toEqual({
      intervalEvery: "Enter a whole number of minutes from 5 to 1440.",
    });
    expect(scheduleStepSchema.safeParse({ ...base, scheduleKind: "INTERVAL", intervalEvery: "6", intervalUnit: "hours" }).success).toBe(true);
    for (const loose of ["0x10", "1e1", "15.0", "+15", "١٥", "15 minutes"]) {
      expect(messages(scheduleStepSchema.safeParse({ ...base, scheduleKind: "INTERVAL", intervalEvery: loose, intervalUnit: "minutes" })), loose).toEqual({
        intervalEvery: "Enter a whole number of minutes from 5 to 1440.",
      });
    }
    expect(scheduleStepSchema.safeParse({ ...base, scheduleKind: "INTERVAL", intervalEvery: " 15 ", intervalUnit: "minutes" }).success).toBe(true);
    expect(messages(scheduleStepSchema.safeParse({ ...base, scheduleKind: "DAILY", dailyAt: "24:00" }))).toEqual({ dailyAt: "Enter a time as HH:mm (24-hour), like 06:30." });
    expect(messages(scheduleStepSchema.safeParse({ ...base, name: " ", scheduleKind: "SOMETIMES" }))).toEqual({ name: "Give the destination a name.", scheduleKind: "Choose when it runs." });
  });
});
