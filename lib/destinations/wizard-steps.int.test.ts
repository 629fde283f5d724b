import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createSecretBox } from "@/lib/crypto/secret-box";
import type { MappingSpec } from "@/lib/conversions";
import { createDb, type Db } from "@/lib/db/client";
import { resolveXApp } from "@/lib/connections/x-app";
import { DEMO_CONVERSIONS_QUERY, seedDemoConversions } from "@/lib/sources/demo/demo-conversions";
import { sourceSecretBox } from "@/lib/sources/source-secret-box";
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SEED_USERS } from "@/standin/seed";
import { createStandinControl } from "@/standin/standin-control";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { AppError } from "@/lib/errors";
import { PRIVATE_TARGET_MESSAGE, UNRESOLVED_TARGET_MESSAGE } from "@/lib/alerts/webhook-target";
import { fixedResolver, PUBLIC_WEBHOOK_HOSTS } from "@/lib/testing/fixed-resolver";
import { sourceDatabase } from "@/lib/testing/source-database";
import { createDestinationDraft } from "./manage-destinations";
import { getDestinationView } from "./read-destinations";
import { saveAccountStep, saveConnectionStep, saveEventStep } from "./save-x-steps";
import { confirmPreviewStep } from "./confirm-preview-step";
import { saveMappingStep } from "./save-mapping-step";
import { saveScheduleStep } from "./save-schedule-step";
import { saveSourceStep } from "./save-source-step";
import { sendTestEvent } from "./send-test-event";
import type { WizardDeps } from "./load-destination-for-step";
import { scheduleStepSchema } from "./step-schemas";

// The wizard's server side against a real PostgreSQL and the X stand-in over HTTP: steps are
// refused out of order, every choice is checked with X or the source, the test event really
// reaches X, and the view model pages receive carries no token.

let standin: RunningStandin;
let db: Db;
let deps: WizardDeps;
const box = createSecretBox(randomBytes(32));
const actor = { id: "", email: "" };
let sourceId: string;
const ORDERS_MAPPING: MappingSpec = {
  version: 1,
  fields: {
    conversion_time: { kind: "column", column: "ordered_at" },
    email: { kind: "column", column: "email" },
    conversion_id: { kind: "column", column: "order_id" },
  },
  eventId: { kind: "destination" },
  contents: { kind: "none" },
  options: {
    hashing: true,
    defaultPhoneCountry: "US",
    phoneCountryColumn: null,
    sourceTimeZone: "UTC",
    dateOrder: "auto",
    decimalSeparator: "auto",
    valueInMinorUnits: false,
    rowKeyColumns: [],
  },
};

async function connect(xUserId: string): Promise<{ id: string; token: string; secret: string }> {
  const issued = await createStandinControl(standin.url).issueToken(xUserId);
  const row = await db.xConnection.create({
    data: {
      kind: "OAUTH",
      xUserId,
      screenName: issued.screen_name,
      label: `@${issued.screen_name}`,
      tokenSealed: box.seal(issued.oauth_token),
      tokenSecretSealed: box.seal(issued.oauth_token_secret),
    },
  });
  return { id: row.id, token: issued.oauth_token, secret: issued.oauth_token_secret };
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  standin = await startStandin();
  const url = inject("databaseUrl");
  db = createDb(url, { max: 3 });
  deps = {
    db,
    box,
    app: resolveXApp({
      X_ADS_API_BASE_URL: standin.url,
      X_API_BASE_URL: standin.url,
      X_CONSUMER_KEY: DEMO_CONSUMER_KEY,
      X_CONSUMER_SECRET: DEMO_CONSUMER_SECRET,
    }),
    // What DNS would answer (this machine has none to the internet), including names that point inward.
    resolveHost: fixedResolver({
      ...PUBLIC_WEBHOOK_HOSTS,
      "127.0.0.1.nip.io": ["127.0.0.1"],
      "inward.example.com": ["93.184.216.34", "fec0::1"],
    }),
  };
  const user = await db.user.create({
    data: { email: `wizard-${randomUUID().slice(0, 6)}@example.com`, name: "Wiz", passwordHash: "x", role: "EDITOR" },
  });
  Object.assign(actor, { id: user.id, email: user.email });
  // The orders live in the run's source database, read as its read-only user.
  const source = sourceDatabase();
  await seedDemoConversions(source.adminUrl, { rows: 40, seed: 1, endAt: new Date("2026-03-01T00:00:00Z") });
  sourceId = (
    await db.source.create({
      data: {
        name: "Demo",
        kind: "POSTGRES",
        connectionStringSealed: sourceSecretBox().seal(source.readerUrl),
        query: DEMO_CONVERSIONS_QUERY,
      },
    })
  ).id;
});

afterAll(async () => {
  await db?.$disconnect();
  await standin?.stop();
});

describe("the wizard's steps on the server", () => {
  it("walks a destination through every step, checking each choice with X and the source", async () => {
    const { id } = await createDestinationDraft(db, actor, { name: "Store" });
    const admin = await connect(SEED_USERS.admin.id);

    // Out of order: nothing after the connection can be saved yet.
    expect(
      (await refusal(saveAccountStep(deps, actor, { destinationId: id, adAccountId: "18ce54d4x5t" }))).message,
    ).toContain("Connect X");
    await saveConnectionStep(deps, actor, { destinationId: id, connectionId: admin.id });

    expect(
      (await refusal(saveAccountStep(deps, actor, { destinationId: id, adAccountId: "18ceffffff0" }))).fieldErrors
        ?.adAccountId?.[0],
    ).toContain("is not one @acme_admin can access");
    await saveAccountStep(deps, actor, { destinationId: id, adAccountId: "18ce54d4x5t" });

    const wrongPixel = await refusal(
      saveEventStep(deps, actor, { destinationId: id, pixelId: "p2k9d", eventId: "p3aa1" }),
    );
    expect(wrongPixel.fieldErrors?.pixelId?.[0]).toContain("Pixel p2k9d has no events in Acme Store");
    const deleted = await refusal(
      saveEventStep(deps, actor, { destinationId: id, pixelId: "o8z6j", eventId: "o87nj" }),
    );
    expect(deleted.fieldErrors?.eventId?.[0]).toContain("not an event of Acme Store (or it was deleted)");
    await saveEventStep(deps, actor, { destinationId: id, pixelId: "o8z6j", eventId: "tw-o8z6j-o87ne" });

    await saveSourceStep(deps, actor, { destinationId: id, sourceId });
    const missing = await refusal(
      saveMappingStep(deps, actor, {
        destinationId: id,
        mapping: {
          version: 1,
          fields: {
            conversion_time: { kind: "column", column: "created" },
            email: { kind: "column", column: "email" },
          },
          eventId: { kind: "destination" },
          contents: { kind: "none" },
          options: {
            hashing: true,
            defaultPhoneCountry: "US",
            phoneCountryColumn: null,
            sourceTimeZone: "UTC",
            dateOrder: "auto",
            decimalSeparator: "auto",
            valueInMinorUnits: false,
            rowKeyColumns: [],
          },
        },
      }),
    );
    expect(missing.fieldErrors).toEqual({ "mapping.fields.conversion_time": ['The source has no column "created".'] });
    await saveMappingStep(deps, actor, {
      destinationId: id,
      mapping: ORDERS_MAPPING,
    });

    const control = createStandinControl(standin.url);
    const sent = await sendTestEvent(deps, actor, { destinationId: id, rowNumber: 2 });
    expect(sent).toMatchObject({ kind: "accepted", processed: 1, conversionId: "ORD-100002" });
    const recorded = await control.conversions({ conversion_id: "ORD-100002" });
    // The stand-in records the event by its bare id, whichever form was sent.
    expect(recorded.conversions.at(-1)).toMatchObject({ pixelId: "o8z6j", eventId: "o87ne" });
    // Row 7 has no order time: refused before anything is sent.
    expect((await refusal(sendTestEvent(deps, actor, { destinationId: id, rowNumber: 7 }))).message).toContain(
      "is invalid",
    );

    await confirmPreviewStep(deps, actor, { destinationId: id });
    const saved = await saveScheduleStep({ ...deps, now: () => new Date("2026-03-01T10:00:00Z") }, actor, {
      readMode: "FULL",
      lookbackUnit: "hours",
      destinationId: id,
      name: "Store purchases",
      scheduleKind: "INTERVAL",
      intervalEvery: "15",
      intervalUnit: "minutes",
      alertWebhook: "keep",
    });
    expect(saved).toEqual({ activated: true, nextRunAt: new Date("2026-03-01T10:15:00Z") });

    const view = await getDestinationView(db, id);
    expect(view).toMatchObject({
      status: "ACTIVE",
      name: "Store purchases",
      scheduleText: "Every 15 minutes",
      resumeStep: "schedule",
      adAccountName: "Acme Store",
    });
    const json = JSON.stringify(view);
    const stored = await db.xConnection.findUniqueOrThrow({ where: { id: admin.id } });
    for (const secret of [admin.token, admin.secret, stored.tokenSealed, stored.tokenSecretSealed!])
      expect(json).not.toContain(secret);
  });

  it("seals an alert webhook's URL, shows only its hint, keeps it unless replaced or removed", async () => {
    const { id } = await createDestinationDraft(db, actor, { name: "Alerting" });
    const admin = await connect(SEED_USERS.admin.id);
    await saveConnectionStep(deps, actor, { destinationId: id, connectionId: admin.id });
    await saveAccountStep(deps, actor, { destinationId: id, adAccountId: "18ce54d4x5t" });
    await saveEventStep(deps, actor, { destinationId: id, pixelId: "o8z6j", eventId: "o87ne" });
    await saveSourceStep(deps, actor, { destinationId: id, sourceId });
    await saveMappingStep(deps, actor, {
      destinationId: id,
      mapping: ORDERS_MAPPING,
    });
    await confirmPreviewStep(deps, actor, { destinationId: id });
    // Through the form's own schema, as the server action does.
    const save = (fields: Record<string, string>) =>
      saveScheduleStep(
        deps,
        actor,
        scheduleStepSchema.parse({ destinationId: id, name: "Alerting", scheduleKind: "MANUAL", ...fields }),
      );
    const row = () => db.destination.findUniqueOrThrow({ where: { id } });
    const url = "https://hooks.slack.com/services/T000/B000/wizardSecret9xQz";

    await save({ alertWebhook: "set", alertWebhookUrl: url, alertRejectedPercent: "2.5" });
    const first = await row();
    expect(first).toMatchObject({ alertWebhookHint: "https://hooks.slack.com/…9xQz", alertRejectedShare: 0.025 });
    expect(box.open(first.alertWebhookSealed!)).toBe(url);
    expect(first.alertWebhookSealed).not.toContain("wizardSecret");
    const view = await getDestinationView(db, id);
    expect(view?.alerts).toEqual({ webhookHint: "https://hooks.slack.com/…9xQz", emails: [], rejectedShare: 0.025 });
    expect(JSON.stringify(view)).not.toContain("wizardSecret");
    expect(JSON.stringify(view)).not.toContain(first.alertWebhookSealed);
    const audit = await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } });
    expect(JSON.stringify(audit)).not.toContain("wizardSecret");
    expect(audit.at(-1)?.details).toMatchObject({
      step: "schedule",
      alertWebhook: "https://hooks.slack.com/…9xQz",
      alertRejectedShare: 0.025,
    });

    // "keep" (the form's default) leaves the sealed URL exactly as it was, and a threshold not
    // sent (the field is hidden while no webhook is set) stays; sent empty, it is cleared.
    await save({ alertWebhook: "keep" });
    expect(await row()).toMatchObject({ alertWebhookSealed: first.alertWebhookSealed, alertRejectedShare: 0.025 });
    await save({ alertWebhook: "keep", alertRejectedPercent: "" });
    expect(await row()).toMatchObject({
      alertWebhookSealed: first.alertWebhookSealed,
      alertWebhookHint: first.alertWebhookHint,
      alertRejectedShare: null,
    });

    // A refused URL changes nothing, and says why on its field, even from a caller that skipped the schema.
    const refused = await refusal(
      saveScheduleStep(deps, actor, {
        destinationId: id,
        name: "Alerting",
        scheduleKind: "MANUAL",
        intervalUnit: "hours",
        alertWebhook: "set",
        alertWebhookUrl: "http://hooks.example.com/x",
        readMode: "FULL",
        lookbackUnit: "hours",
      }),
    );
    expect(refused.fieldErrors?.alertWebhookUrl?.[0]).toMatch(/https:\/\//);
    // Nor may it point into the server's own network (cloud metadata, say), unless that is allowed.
    const inward = (
      await refusal(save({ alertWebhook: "set", alertWebhookUrl: "https://169.254.169.254/latest/meta-data" }))
    ).fieldErrors?.alertWebhookUrl?.[0];
    expect(inward).toBe("Alerts can only go to a public address: this one is on a private network or this machine.");
    expect((await row()).alertWebhookSealed).toBe(first.alertWebhookSealed);
    // Nor through an IPv6 spelling of a private IPv4 address, a site-local address, or a name
    // whose DNS answer (any one of its addresses) is private.
    for (const inwardUrl of [
      "https://[::127.0.0.1]/",
      "https://[fec0::1]/",
      "https://[::ffff:169.254.169.254]/latest",
      "https://[64:ff9b::10.0.0.1]/",
      "https://127.0.0.1.nip.io/",
      "https://inward.example.com/hook",
    ]) {
      const fieldError = (await refusal(save({ alertWebhook: "set", alertWebhookUrl: inwardUrl }))).fieldErrors
        ?.alertWebhookUrl?.[0];
      expect(fieldError, inwardUrl).toBe(PRIVATE_TARGET_MESSAGE);
    }
    // A name that does not resolve is refused on its field too: it could not be checked.
    const unresolved = await refusal(
      save({ alertWebhook: "set", alertWebhookUrl: "https://no-such-host.example.com/hook" }),
    );
    expect(unresolved.fieldErrors?.alertWebhookUrl).toEqual([UNRESOLVED_TARGET_MESSAGE]);
    expect((await row()).alertWebhookSealed).toBe(first.alertWebhookSealed);

    // E-mail addresses: a bad one is refused on its field and changes nothing; a field not sent
    // keeps them; sent empty, they are removed.
    const badAddress = await refusal(
      saveScheduleStep(deps, actor, {
        destinationId: id,
        name: "Alerting",
        scheduleKind: "MANUAL",
        intervalUnit: "hours",
        alertWebhook: "keep",
        alertEmails: "ops@example.com, not-an-address",
        readMode: "FULL",
        lookbackUnit: "hours",
      }),
    );
    expect(badAddress.fieldErrors?.alertEmails).toEqual([
      "“not-an-address” is not an e-mail address. Separate addresses with commas.",
    ]);
    const parsed = scheduleStepSchema.safeParse({
      destinationId: id,
      name: "Alerting",
      scheduleKind: "MANUAL",
      alertEmails: "ops@example.com, not-an-address",
    });
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["alertEmails", "“not-an-address” is not an e-mail address. Separate addresses with commas."],
    ]);
    expect((await row()).alertEmails).toEqual([]);
    await save({ alertWebhook: "keep", alertEmails: "ops@example.com; marketing@example.com" });
    expect((await row()).alertEmails).toEqual(["ops@example.com", "marketing@example.com"]);
    expect((await getDestinationView(db, id))?.alerts.emails).toEqual(["ops@example.com", "marketing@example.com"]);
    expect(
      (await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } })).at(-1)?.details,
    ).toMatchObject({ alertEmails: ["ops@example.com", "marketing@example.com"] });
    await save({ alertWebhook: "keep" });
    expect((await row()).alertEmails).toEqual(["ops@example.com", "marketing@example.com"]);
    await save({ alertWebhook: "keep", alertEmails: "" });
    expect((await row()).alertEmails).toEqual([]);

    await save({ alertWebhook: "set", alertWebhookUrl: url, alertRejectedPercent: "10" });
    await save({ alertWebhook: "none" });
    // Stopping alerts keeps the threshold for when a webhook is set again (it alerts nothing alone).
    expect(await row()).toMatchObject({ alertWebhookSealed: null, alertWebhookHint: null, alertRejectedShare: 0.1 });
  });

  it("refuses an account on which the X user cannot send conversions, and clears choices made with another connection", async () => {
    const { id } = await createDestinationDraft(db, actor, { name: "Analyst" });
    const analyst = await connect(SEED_USERS.analyst.id);
    await saveConnectionStep(deps, actor, { destinationId: id, connectionId: analyst.id });
    const refused = await refusal(saveAccountStep(deps, actor, { destinationId: id, adAccountId: "18ce54d4x5t" }));
    expect(refused.fieldErrors?.adAccountId?.[0]).toContain("Your role here is Analyst");

    const manager = await connect(SEED_USERS.manager.id);
    await saveConnectionStep(deps, actor, { destinationId: id, connectionId: manager.id });
    await saveAccountStep(deps, actor, { destinationId: id, adAccountId: "18ce54d4x5t" });
    await saveEventStep(deps, actor, { destinationId: id, pixelId: "o8z6j", eventId: "o87ne" });
    await saveConnectionStep(deps, actor, { destinationId: id, connectionId: analyst.id });
    const view = await getDestinationView(db, id);
    expect(view).toMatchObject({ adAccountId: null, pixelId: null, eventId: null, resumeStep: "account" });
  });
});
