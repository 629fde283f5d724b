import { describe, expect, it } from "vitest";
import {
  accountStepSchema,
  eventStepSchema,
  parseRejectedPercent,
  scheduleStepSchema,
  sourceStepSchema,
} from "./step-schemas";

const messages = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));

describe("wizard step schemas", () => {
  it("asks for a choice when a radio group sent nothing", () => {
    expect(messages(accountStepSchema.safeParse({ destinationId: "d" }))).toEqual({
      adAccountId: "Choose an ad account.",
    });
    expect(messages(sourceStepSchema.safeParse({ destinationId: "d" }))).toEqual({ sourceId: "Choose a source." });
    expect(accountStepSchema.parse({ destinationId: "d", adAccountId: " 18CE54D4X5T " }).adAccountId).toBe(
      "18ce54d4x5t",
    );
  });

  it("format-checks pixel and event IDs, in both event forms", () => {
    expect(eventStepSchema.parse({ destinationId: "d", pixelId: "O8Z6J", eventId: "TW-o8z6j-O87NE" })).toEqual({
      destinationId: "d",
      pixelId: "o8z6j",
      eventId: "o87ne",
    });
    expect(eventStepSchema.safeParse({ destinationId: "d", pixelId: "o8z6j", eventId: "o87ne" }).success).toBe(true);
    expect(messages(eventStepSchema.safeParse({ destinationId: "d", pixelId: "o8z-6j", eventId: "o87 ne" }))).toEqual({
      pixelId: "A Pixel ID has only letters and digits (base 36), like o8z6j.",
      eventId: "An Event ID is base 36 (letters and digits, like o87ne) or tw-<pixel>-<event>, like tw-o8z6j-o87ne.",
    });
    expect(
      messages(eventStepSchema.safeParse({ destinationId: "d", pixelId: "o8z6j", eventId: "tw-p2k9d-p3aa1" })),
    ).toEqual({
      eventId: "This Event ID names pixel p2k9d, but the Pixel ID is o8z6j.",
    });
  });

  it("takes the pixel from a tw-<pixel>-<event> Event ID when the Pixel ID is empty, and stores the bare event", () => {
    expect(eventStepSchema.parse({ destinationId: "d", pixelId: "", eventId: "tw-p2k9d-p3aa2" })).toEqual({
      destinationId: "d",
      pixelId: "p2k9d",
      eventId: "p3aa2",
    });
    expect(eventStepSchema.parse({ destinationId: "d", eventId: " TW-P2K9D-P3AA2 " })).toEqual({
      destinationId: "d",
      pixelId: "p2k9d",
      eventId: "p3aa2",
    });
    expect(messages(eventStepSchema.safeParse({ destinationId: "d", pixelId: "", eventId: "p3aa2" }))).toEqual({
      pixelId: "Enter the Pixel ID.",
    });
    expect(messages(eventStepSchema.safeParse({ destinationId: "d", pixelId: "", eventId: "" }))).toEqual({
      pixelId: "Enter the Pixel ID.",
      eventId: "Enter the Event ID.",
    });
  });

  it("checks the schedule fields its kind needs", () => {
    const base = { destinationId: "d", name: "Orders" };
    expect(scheduleStepSchema.safeParse({ ...base, scheduleKind: "MANUAL" }).success).toBe(true);
    expect(
      messages(
        scheduleStepSchema.safeParse({
          ...base,
          scheduleKind: "INTERVAL",
          intervalEvery: "2",
          intervalUnit: "minutes",
        }),
      ),
    ).toEqual({
      intervalEvery: "Enter a whole number of minutes from 5 to 1440.",
    });
    expect(
      scheduleStepSchema.safeParse({ ...base, scheduleKind: "INTERVAL", intervalEvery: "6", intervalUnit: "hours" })
        .success,
    ).toBe(true);
    for (const loose of ["0x10", "1e1", "15.0", "+15", "١٥", "15 minutes"]) {
      expect(
        messages(
          scheduleStepSchema.safeParse({
            ...base,
            scheduleKind: "INTERVAL",
            intervalEvery: loose,
            intervalUnit: "minutes",
          }),
        ),
        loose,
      ).toEqual({
        intervalEvery: "Enter a whole number of minutes from 5 to 1440.",
      });
    }
    expect(
      scheduleStepSchema.safeParse({
        ...base,
        scheduleKind: "INTERVAL",
        intervalEvery: " 15 ",
        intervalUnit: "minutes",
      }).success,
    ).toBe(true);
    expect(messages(scheduleStepSchema.safeParse({ ...base, scheduleKind: "DAILY", dailyAt: "24:00" }))).toEqual({
      dailyAt: "Enter a time as HH:mm (24-hour), like 06:30.",
    });
    expect(messages(scheduleStepSchema.safeParse({ ...base, name: " ", scheduleKind: "SOMETIMES" }))).toEqual({
      name: "Give the destination a name.",
      scheduleKind: "Choose when it runs.",
    });
  });

  it("checks a daily or cron schedule's time zone, and the cron expression next to its field", () => {
    const base = { destinationId: "d", name: "Orders" };
    expect(
      scheduleStepSchema.safeParse({
        ...base,
        scheduleKind: "DAILY",
        dailyAt: "06:30",
        scheduleTimeZone: "Europe/Paris",
      }).success,
    ).toBe(true);
    expect(
      messages(
        scheduleStepSchema.safeParse({
          ...base,
          scheduleKind: "DAILY",
          dailyAt: "06:30",
          scheduleTimeZone: "Europe/Atlantis",
        }),
      ),
    ).toEqual({
      scheduleTimeZone: "Choose a time zone from the list, like Europe/Paris or UTC.",
    });
    expect(
      scheduleStepSchema.safeParse({
        ...base,
        scheduleKind: "CRON",
        cron: " 0  6 * * 1-5 ",
        scheduleTimeZone: "America/New_York",
      }).success,
    ).toBe(true);
    expect(messages(scheduleStepSchema.safeParse({ ...base, scheduleKind: "CRON", cron: "*/2 * * * *" }))).toEqual({
      cron: "Runs must be at least 5 minutes apart.",
    });
    expect(messages(scheduleStepSchema.safeParse({ ...base, scheduleKind: "CRON" }))).toEqual({
      cron: "Enter five fields: minute, hour, day of month, month, day of week (like 0 6 * * 1-5).",
    });
    // A manual schedule ignores a zone it does not use.
    expect(scheduleStepSchema.safeParse({ ...base, scheduleKind: "MANUAL", scheduleTimeZone: "nowhere" }).success).toBe(
      true,
    );
  });

  it("checks the alert fields: a webhook URL only when one is being set, a percentage or nothing", () => {
    const base = { destinationId: "d", name: "Orders", scheduleKind: "MANUAL" };
    expect(scheduleStepSchema.parse(base)).toMatchObject({ alertWebhook: "keep" });
    // "keep" and "none" take no URL: one sent with them would be ignored, so it is refused.
    expect(scheduleStepSchema.safeParse({ ...base, alertWebhook: "none", alertWebhookUrl: " " }).success).toBe(true);
    for (const mode of ["keep", "none", undefined]) {
      expect(
        messages(
          scheduleStepSchema.safeParse({ ...base, alertWebhook: mode, alertWebhookUrl: "https://hooks.example.com/x" }),
        ),
        String(mode),
      ).toEqual({
        alertWebhookUrl: "Choose “Replace URL” to change the saved webhook, or clear this field.",
      });
    }
    expect(messages(scheduleStepSchema.safeParse({ ...base, alertWebhook: "set" }))).toEqual({
      alertWebhookUrl: "Enter the webhook URL, or choose not to send alerts.",
    });
    expect(
      messages(scheduleStepSchema.safeParse({ ...base, alertWebhook: "set", alertWebhookUrl: "hooks.slack.com/x" })),
    ).toEqual({
      alertWebhookUrl: "Enter the webhook's full URL, starting with https://.",
    });
    expect(
      messages(
        scheduleStepSchema.safeParse({
          ...base,
          alertWebhook: "set",
          alertWebhookUrl: `https://h.example/${"x".repeat(2000)}`,
        }),
      ),
    ).toEqual({
      alertWebhookUrl: "That URL is too long (2,000 characters at most).",
    });
    expect(
      scheduleStepSchema.parse({
        ...base,
        alertWebhook: "set",
        alertWebhookUrl: " https://hooks.slack.com/services/T/B/x ",
        alertRejectedPercent: "2.5",
      }),
    ).toMatchObject({
      alertWebhookUrl: "https://hooks.slack.com/services/T/B/x",
      alertRejectedPercent: "2.5",
    });
    for (const bad of ["101", "-1", "5%", "1e1", "0x10", "2.555", "five"]) {
      expect(messages(scheduleStepSchema.safeParse({ ...base, alertRejectedPercent: bad })), bad).toEqual({
        alertRejectedPercent:
          "Enter a percentage from 0 to 100 (like 5 or 2.5), or leave it empty to alert on failed runs only.",
      });
    }
  });

  it("reads a rejected percentage as a share, exactly", () => {
    expect(parseRejectedPercent("5")).toBe(0.05);
    expect(parseRejectedPercent("2.5")).toBe(0.025);
    expect(parseRejectedPercent("0.07")).toBe(0.0007);
    expect(parseRejectedPercent("0")).toBe(0);
    expect(parseRejectedPercent("100")).toBe(1);
    expect(parseRejectedPercent("100.01")).toBeNull();
    expect(parseRejectedPercent("")).toBeNull();
  });
});
