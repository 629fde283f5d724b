import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import { connectionIdSchema } from "@/lib/connections/connection-schemas";
import { disconnectXConnection } from "@/lib/connections/manage-x-connections";
import { resolveXApp } from "@/lib/connections/x-app";
import { mappingSpecSchema } from "@/lib/conversions";
import { createSecretBox } from "@/lib/crypto/secret-box";
import { createDb, type Db } from "@/lib/db/client";
import type { WizardDeps } from "@/lib/destinations/load-destination-for-step";
import { saveAccountStep, saveConnectionStep, saveEventStep } from "@/lib/destinations/save-x-steps";
import { confirmPreviewStep } from "@/lib/destinations/confirm-preview-step";
import { saveScheduleStep } from "@/lib/destinations/save-schedule-step";
import { sendTestEvent } from "@/lib/destinations/send-test-event";
import { alertWebhookHint } from "@/lib/destinations/alert-webhook";
import { isStorableText } from "@/lib/validation/storable-text";
import { fixedResolver, PUBLIC_WEBHOOK_HOSTS } from "@/lib/testing/fixed-resolver";
import {
  accountStepSchema,
  connectionStepSchema,
  destinationIdSchema,
  eventStepSchema,
  parseRejectedPercent,
  scheduleStepSchema,
  testEventSchema,
} from "@/lib/destinations/step-schemas";
import type { Prisma } from "@/lib/generated/prisma/client";
import { uploadCsvSource } from "@/lib/sources/csv/upload-csv-source";
import {
  act,
  envelopes,
  expectNoPollution,
  expectRefusedAs,
  hostileText,
  idOr,
  resolve,
  numberish,
  received,
  tally,
  trimmed,
  watchConsoleErrors,
  wrap,
  wrongType,
} from "@/lib/testing/hostile-action-input";
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SEED_ACCOUNTS, SEED_USERS, STORE_EVENTS } from "@/standin/seed";
import { createStandinControl } from "@/standin/standin-control";
import { startStandin, type RunningStandin } from "@/standin/start-standin";

/**
 * The setup wizard's steps, the test event and disconnecting X, fed hostile values (see
 * hostile-action-input.int.test.ts), against the real PostgreSQL and the X stand-in over HTTP.
 * Each call is a typed refusal of the expected kind, or a success read back from the database
 * (and, for the test event, from what X received).
 */

const url = inject("databaseUrl");
const tag = randomBytes(3).toString("hex");
const box = createSecretBox(randomBytes(32));
let standin: RunningStandin;
let control: ReturnType<typeof createStandinControl>;
let db: Db;
let deps: WizardDeps;
let actor: { id: string; email: string };
let csvSourceId: string;
let counter = 0;
const next = () => `${tag}-${(counter += 1)}`;

watchConsoleErrors();
afterEach(expectNoPollution);

// The preview rows: hostile text in the description, two rows that are not ready to send.
const ROWS = [
  { time: "2026-01-02T03:04:05Z", email: "ana@example.com", order: "ORD-1", note: "Spring 😀 'sale'" },
  { time: "2026-01-02T03:05:05Z", email: "bo@example.com", order: "constructor", note: '"quoted", with a comma' },
  { time: "2026-01-02T03:06:05Z", email: "cy@example.com", order: "__proto__", note: "__proto__" },
  { time: "2026-01-02T03:07:05Z", email: "di@example.com", order: "ORD-4", note: "\u202eevil\ufeff 1e309 ' OR 1=1 --" },
  {
    time: "2026-01-02T03:08:05Z",
    email: "ed@example.com",
    order: "ORD-5",
    note: "tab\there \u0007 bell \u001b[2J nul\u0000byte",
  },
  { time: "", email: "fa@example.com", order: "ORD-6", note: "no time" },
  { time: "yesterday", email: "gu@example.com", order: "ORD-7", note: "bad time" },
  { time: "2026-01-02T03:09:05Z", email: "hu@example.com", order: "ORD-8", note: `  ${"ü".repeat(5000)}  ` },
];
const READY = (row: (typeof ROWS)[number] | undefined) => row !== undefined && row.time.startsWith("2026");
const csvCell = (value: string) => `"${value.replaceAll('"', '""')}"`;
const MAPPING = mappingSpecSchema.parse({
  version: 1,
  fields: {
    conversion_time: { kind: "column", column: "ordered_at" },
    email: { kind: "column", column: "email" },
    conversion_id: { kind: "column", column: "order_id" },
    description: { kind: "column", column: "note" },
  },
}) as unknown as Prisma.InputJsonObject;

async function connect(xUserId: string, label = `X ${next()}`) {
  const issued = await control.issueToken(xUserId);
  return db.xConnection.create({
    data: {
      kind: "OAUTH",
      xUserId,
      screenName: issued.screen_name,
      label,
      tokenSealed: box.seal(issued.oauth_token),
      tokenSecretSealed: box.seal(issued.oauth_token_secret),
    },
  });
}

async function pixelConnection(label = `Pixel ${next()}`) {
  const { token } = await control.issuePixelToken("o8z6j");
  return db.xConnection.create({
    data: { kind: "PIXEL_TOKEN", pixelId: "o8z6j", label, tokenSealed: box.seal(token) },
  });
}

/** A draft whose earlier steps are complete, so `step` is the next one to save. */
async function destinationAt(
  step: "connection" | "account" | "event" | "preview" | "schedule",
  connection?: { id: string; kind: "OAUTH" | "PIXEL_TOKEN" },
  status: "DRAFT" | "PAUSED" = "DRAFT",
) {
  const data: Prisma.DestinationUncheckedCreateInput = { name: `Wizard ${next()}`, status, createdById: actor.id };
  if (step !== "connection")
    Object.assign(data, {
      connectionId: connection!.id,
      wizardStep: "connection",
      ...(connection!.kind === "PIXEL_TOKEN" ? { pixelId: "o8z6j" } : {}),
    });
  if (step !== "connection" && step !== "account" && connection!.kind === "OAUTH")
    Object.assign(data, { adAccountId: SEED_ACCOUNTS.store, adAccountName: "Acme Store", wizardStep: "account" });
  if (step === "preview" || step === "schedule")
    Object.assign(data, {
      pixelId: "o8z6j",
      eventId: STORE_EVENTS.purchase,
      sourceId: csvSourceId,
      mapping: MAPPING,
      wizardStep: step === "schedule" ? "preview" : "mapping",
    });
  return db.destination.create({ data });
}

beforeAll(async () => {
  standin = await startStandin();
  control = createStandinControl(standin.url);
  db = createDb(url, { max: 4 });
  // Webhook host names are answered from a table (this machine has no DNS to the internet).
  deps = {
    db,
    box,
    app: resolveXApp({
      X_ADS_API_BASE_URL: standin.url,
      X_API_BASE_URL: standin.url,
      X_CONSUMER_KEY: DEMO_CONSUMER_KEY,
      X_CONSUMER_SECRET: DEMO_CONSUMER_SECRET,
    }),
    resolveHost: fixedResolver(PUBLIC_WEBHOOK_HOSTS),
  };
  const user = await db.user.create({
    data: { email: `hostile-x-${tag}@example.com`, name: "Editor", passwordHash: "x", role: "OWNER" },
  });
  actor = { id: user.id, email: user.email };
  const csv = [
    "ordered_at,email,order_id,note",
    ...ROWS.map((row) => [row.time, row.email, row.order, row.note].map(csvCell).join(",")),
  ].join("\n");
  csvSourceId = (
    await uploadCsvSource(db, actor, {
      target: { name: `Hostile rows ${tag}` },
      filename: "rows.csv",
      body: (async function* () {
        yield Buffer.from(csv, "utf8");
      })(),
    })
  ).sourceId;
});
afterAll(async () => {
  await db?.$disconnect();
  await standin?.stop();
});

describe("the wizard's X steps", () => {
  test("choosing a connection with hostile ids: a field error or not found; else the choice is saved", async () => {
    const [oauth, pixel, revoked] = [
      await connect(SEED_USERS.admin.id),
      await pixelConnection(),
      await connect(SEED_USERS.manager.id),
    ];
    await db.xConnection.update({ where: { id: revoked.id }, data: { revokedAt: new Date(), tokenSealed: "" } });
    const destination = await destinationAt("connection");
    const ids = {
      "@dest": destination.id,
      "@dest-padded": ` ${destination.id}\n`,
      "@oauth": oauth.id,
      "@oauth-padded": `\t${oauth.id} `,
      "@pixel": pixel.id,
      "@revoked": revoked.id,
    };
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(
        idOr(["@dest", "@dest-padded"]),
        fc.oneof(idOr(["@oauth", "@oauth-padded", "@pixel", "@revoked"]), fc.constant(undefined)),
        envelopes,
        async (destinationId, connectionId, envelope) => {
          const input = wrap(
            { destinationId: resolve(destinationId, ids), connectionId: resolve(connectionId, ids) },
            envelope,
          );
          const sent = received(input);
          const result = await act(connectionStepSchema, input, (data) => saveConnectionStep(deps, actor, data));
          const [target, chosen] = [trimmed(sent.destinationId), trimmed(sent.connectionId)];
          if (target === destination.id && (chosen === oauth.id || chosen === pixel.id)) {
            expect(result, JSON.stringify(result)).toEqual({ ok: true, data: undefined });
            seen.saved();
            const row = await db.destination.findUniqueOrThrow({ where: { id: destination.id } });
            expect(row.connectionId).toBe(chosen);
            if (chosen === pixel.id) expect(row).toMatchObject({ pixelId: "o8z6j", adAccountId: null });
            return;
          }
          seen.refused();
          if (target === destination.id) {
            // Unknown, disconnected or not an id at all: always said next to the connection field.
            expectRefusedAs(result, [{ code: "VALIDATION", fields: ["connectionId"] }]);
            expect((await db.destination.findUniqueOrThrow({ where: { id: destination.id } })).connectionId).not.toBe(
              revoked.id,
            );
          } else
            expectRefusedAs(result, [
              { code: "VALIDATION", fields: ["destinationId", "connectionId"] },
              { code: "NOT_FOUND" },
            ]);
        },
      ),
      {
        numRuns: 50,
        examples: [
          ["@dest", "@pixel", "form"],
          ["@dest-padded", "@oauth-padded", "json"],
          ["@dest", "@revoked", "object"],
          ["@dest", undefined, "form"],
        ],
      },
    );
    seen.expectBoth();
  });

  test("an ad account given as hostile text: refused on the field (or the step, for a pixel token), else saved with X's name for it", async () => {
    const named: Record<string, string> = {
      [SEED_ACCOUNTS.store]: "Acme Store",
      [SEED_ACCOUNTS.outlet]: "Acme Outlet",
      [SEED_ACCOUNTS.labs]: "Acme Labs",
      "18ce6000000": "Agency client 001",
    };
    const admin = await destinationAt("account", await connect(SEED_USERS.admin.id));
    const analyst = await destinationAt("account", await connect(SEED_USERS.analyst.id));
    const pixel = await destinationAt("account", await pixelConnection());
    const ids = { "@admin": admin.id, "@analyst": analyst.id, "@pixel": pixel.id };
    const account = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(...Object.keys(named), "18CE54D4X5T", ` ${SEED_ACCOUNTS.outlet} `, "18ceffffff0"),
      },
      fc.constantFrom("18ce54d4x5t\u0000", "１８ce54d4x5t", "18ce54d4x5t;--", "tw-18ce54d4x5t", ""),
      hostileText,
      wrongType,
    );
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("@admin", "@admin", "@analyst", "@pixel"),
        account,
        envelopes,
        async (which, adAccountId, envelope) => {
          const input = wrap({ destinationId: ids[which], adAccountId }, envelope);
          const sent = received(input);
          const result = await act(accountStepSchema, input, (data) => saveAccountStep(deps, actor, data));
          const wanted = trimmed(sent.adAccountId)?.toLowerCase() ?? null;
          const looksRight = wanted !== null && /^[a-z0-9]{1,32}$/.test(wanted);
          if (which === "@admin" && wanted !== null && Object.hasOwn(named, wanted)) {
            expect(result, JSON.stringify(result)).toEqual({ ok: true, data: undefined });
            seen.saved();
            expect(await db.destination.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({
              adAccountId: wanted,
              adAccountName: named[wanted],
            });
            return;
          }
          seen.refused();
          // Not a base-36 id, not reachable, or the analyst's role cannot send: all on the field.
          if (which === "@pixel" && looksRight) expectRefusedAs(result, [{ code: "CONFLICT" }]);
          else expectRefusedAs(result, [{ code: "VALIDATION", fields: ["adAccountId"] }]);
        },
      ),
      {
        numRuns: 50,
        examples: [
          ["@admin", "18CE54D4X5T", "form"],
          ["@analyst", SEED_ACCOUNTS.store, "object"],
          ["@pixel", SEED_ACCOUNTS.store, "json"],
          ["@admin", "18ceffffff0", "object"],
          ["@admin", "__proto__", "object"],
        ],
      },
    );
    seen.expectBoth();
    expect((await db.destination.findUniqueOrThrow({ where: { id: analyst.id } })).adAccountId).toBeNull();
  });

  test("a pixel and event given as hostile text: refused on those fields, else saved as X names them", async () => {
    const oauth = await destinationAt("event", await connect(SEED_USERS.admin.id));
    const pixel = await destinationAt("event", await pixelConnection());
    const live = Object.values(STORE_EVENTS).filter((event) => event !== STORE_EVENTS.trial);
    const pixelId = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("o8z6j", "O8Z6J", " o8z6j ", "p2k9d") },
      fc.constantFrom("o8z6j\u0000", "o8z6j-", ""),
      hostileText,
      wrongType,
    );
    const eventId = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.constantFrom(
          ...live,
          "O87NF",
          "tw-o8z6j-o87ng",
          " TW-O8Z6J-O87NH ",
          STORE_EVENTS.trial,
          "p3aa1",
          "tw-p2k9d-o87ne",
        ),
      },
      fc.constantFrom("tw-o8z6j-", "tw--o87ne", "tw-o8z6j-o87ne-x", "o87ne\u0000", `tw-o8z6j-${"a".repeat(40)}`),
      hostileText,
      wrongType,
    );
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("@oauth", "@pixel"),
        pixelId,
        eventId,
        envelopes,
        async (which, pixelWanted, eventWanted, envelope) => {
          const destination = which === "@oauth" ? oauth : pixel;
          const input = wrap({ destinationId: destination.id, pixelId: pixelWanted, eventId: eventWanted }, envelope);
          const sent = received(input);
          const result = await act(eventStepSchema, input, (data) => saveEventStep(deps, actor, data));
          const [pixelTyped, eventTyped] = [
            sent.pixelId === undefined ? "" : trimmed(sent.pixelId)?.toLowerCase(),
            trimmed(sent.eventId)?.toLowerCase(),
          ];
          const named = eventTyped && /^(?:tw-([a-z0-9]{1,32})-)?([a-z0-9]{1,32})$/.exec(eventTyped);
          // An empty Pixel ID is taken from a tw-<pixel>-<event> Event ID.
          const pixelMeant = pixelTyped === "" && named ? named[1] : pixelTyped;
          // A pixel access token can only be checked for its pixel; OAuth checks the event with X.
          const fits =
            pixelMeant === "o8z6j" &&
            named &&
            (named[1] === undefined || named[1] === "o8z6j") &&
            (which === "@pixel" || live.includes(named[2] as (typeof live)[number]));
          if (fits) {
            expect(result, JSON.stringify(result)).toEqual({ ok: true, data: undefined });
            seen.saved();
            // Stored bare, as X lists its events.
            expect(await db.destination.findUniqueOrThrow({ where: { id: destination.id } })).toMatchObject({
              pixelId: "o8z6j",
              eventId: named[2],
            });
            return;
          }
          seen.refused();
          expectRefusedAs(result, [{ code: "VALIDATION", fields: ["pixelId", "eventId"] }]);
        },
      ),
      {
        numRuns: 60,
        examples: [
          ["@oauth", " O8Z6J ", " TW-O8Z6J-O87NH ", "form"],
          ["@oauth", "", "tw-o8z6j-o87nf", "form"],
          ["@oauth", "", "tw-p2k9d-p3aa1", "json"],
          ["@oauth", "o8z6j", STORE_EVENTS.trial, "object"],
          ["@pixel", "p2k9d", "p3aa1", "json"],
          ["@pixel", "o8z6j", "zzz", "object"],
        ],
      },
    );
    seen.expectBoth();
  });
});

describe("the wizard's last steps", () => {
  test("confirming the preview with a hostile id: a field error, not found or an earlier step first; else recorded", async () => {
    const ready = await destinationAt("preview", await connect(SEED_USERS.admin.id));
    const early = await destinationAt("connection");
    const cut = await destinationAt("preview", await connect(SEED_USERS.manager.id));
    await db.xConnection.update({ where: { id: cut.connectionId! }, data: { revokedAt: new Date() } });
    const ids = { "@ready": ready.id, "@ready-padded": `\ufeff${ready.id} `, "@early": early.id, "@cut": cut.id };
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(idOr(Object.keys(ids)), envelopes, async (destinationId, envelope) => {
        const input = wrap({ destinationId: resolve(destinationId, ids) }, envelope);
        const target = trimmed(received(input).destinationId);
        const result = await act(destinationIdSchema, input, (data) => confirmPreviewStep(deps, actor, data));
        if (target === ready.id) {
          expect(result).toEqual({ ok: true, data: undefined });
          seen.saved();
          expect((await db.destination.findUniqueOrThrow({ where: { id: ready.id } })).wizardStep).toBe("preview");
          return;
        }
        seen.refused();
        if (target === early.id || target === cut.id) expectRefusedAs(result, [{ code: "CONFLICT" }]);
        else expectRefusedAs(result, [{ code: "VALIDATION", fields: ["destinationId"] }, { code: "NOT_FOUND" }]);
        for (const other of [early, cut])
          expect((await db.destination.findUniqueOrThrow({ where: { id: other.id } })).wizardStep).toBe(
            other.wizardStep,
          );
      }),
      {
        numRuns: 40,
        examples: [
          ["@ready-padded", "form"],
          ["@early", "json"],
          ["@cut", "object"],
        ],
      },
    );
    seen.expectBoth();
  });

  test("a test event for a hostile row number: refused on the row, or that very row reaches X with its text intact", async () => {
    const destination = await destinationAt("preview", await connect(SEED_USERS.admin.id));
    const early = await destinationAt("connection");
    const ids = { "@dest": destination.id, "@early": early.id };
    const rowNumber = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: -1, max: ROWS.length + 1 }) },
      fc.integer({ min: 0, max: ROWS.length + 1 }).map(String),
      numberish,
      hostileText,
      wrongType,
    );
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 6, arbitrary: fc.constant("@dest") }, idOr(["@early"])),
        rowNumber,
        envelopes,
        async (destinationId, wanted, envelope) => {
          const input = wrap({ destinationId: resolve(destinationId, ids), rowNumber: wanted }, envelope);
          const sent = received(input);
          const target = trimmed(sent.destinationId);
          let parsed = Number.NaN;
          const result = await act(testEventSchema, input, (data) => {
            parsed = data.rowNumber;
            return sendTestEvent(deps, actor, data);
          });
          const plain =
            typeof sent.rowNumber === "number"
              ? sent.rowNumber
              : typeof sent.rowNumber === "string" && /^\s*\d+\s*$/.test(sent.rowNumber)
                ? Number(sent.rowNumber)
                : null;
          if (!result.ok) {
            seen.refused();
            if (target !== destination.id)
              return expectRefusedAs(result, [
                { code: "VALIDATION", fields: ["destinationId", "rowNumber"] },
                { code: "NOT_FOUND" },
                { code: "CONFLICT" },
              ]);
            expect(
              READY(ROWS[plain! - 1]),
              `row ${String(plain)} is ready but was refused: ${JSON.stringify(result)}`,
            ).toBe(false);
            return expectRefusedAs(result, [{ code: "VALIDATION", fields: ["rowNumber"] }]);
          }
          seen.saved();
          const row = ROWS[parsed - 1]!;
          expect(target).toBe(destination.id);
          expect(READY(row)).toBe(true);
          if (result.data.kind !== "accepted") throw new Error(`X refused a ready row: ${JSON.stringify(result.data)}`);
          expect(result.data).toMatchObject({ rowNumber: parsed, conversionId: row.order, processed: 1 });
          const recorded = (await control.conversions({ conversion_id: row.order })).conversions.at(-1);
          expect(recorded).toMatchObject({
            debugId: result.data.debugId,
            pixelId: "o8z6j",
            eventId: STORE_EVENTS.purchase,
            conversionTime: `${row.time.slice(0, 19)}.000Z`,
          });
          expect(recorded?.payload?.description).toBe(row.note.trim());
        },
      ),
      {
        numRuns: 60,
        examples: [
          ["@dest", "1", "form"],
          ["@dest", 5, "object"],
          ["@dest", " 8 ", "json"],
          ["@dest", 6, "object"],
          ["@early", "1", "form"],
        ],
      },
    );
    seen.expectBoth();
    // Rows that are not ready never reached X.
    for (const row of ROWS.filter((candidate) => !READY(candidate)))
      expect((await control.conversions({ conversion_id: row.order })).total).toBe(0);
  });

  test("saving the schedule with hostile fields: refused on the field, else saved as typed and the draft goes live", async () => {
    const paused = await destinationAt("schedule", await connect(SEED_USERS.admin.id), "PAUSED");
    const cleanNames = ["Store purchases", "😀 'x' \"y\" \\ $$ -- */"];
    const [cleanEvery, cleanDaily] = [
      ["15", "5", "168"],
      ["06:30", "00:00", "23:59"],
    ];
    const name = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...cleanNames) }, hostileText, wrongType);
    const kind = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom("MANUAL", "INTERVAL", "DAILY") },
      fc.constantFrom("manual", "WEEKLY", "__proto__", ""),
      wrongType,
    );
    const every = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...cleanEvery, "1", "1440", "4", "1441", "169", "0") },
      numberish,
      hostileText,
      fc.constant(undefined),
    );
    const unit = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("minutes", "hours", undefined) },
      fc.constantFrom("days", "Hours", "__proto__"),
      wrongType,
    );
    const dailyAt = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...cleanDaily) },
      fc.constantFrom("6:30", "24:00", "23:60", " 06:30 ", "06:30\n", "06:30:00", "０６:３０"),
      hostileText,
      fc.constant(undefined),
    );
    const cleanHooks = [
      "https://hooks.slack.com/services/T000/B000/XXXX",
      " https://hooks.example.com:8443/a?b=c ",
      "https://93.184.216.34/x",
    ];
    const hookMode = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom("keep", "set", "none", undefined) },
      fc.constantFrom("KEEP", "__proto__", ""),
      wrongType,
    );
    const hookUrl = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...cleanHooks) },
      fc.constantFrom(
        "http://hooks.example.com/x",
        "http://127.0.0.1:9/x",
        "https://10.0.0.5/x",
        "https://169.254.169.254/latest",
        "https://metadata.google.internal/",
        "javascript:alert(1)",
        "https://u:p@h.example/x",
        "https://h.example/#x",
        "hooks.slack.com/x",
        `https://h.example/${"x".repeat(2001)}`,
      ),
      hostileText,
      fc.constant(undefined),
    );
    const cleanPercents = ["5", "2.5", "0", "100", " 7 ", ""];
    const percent = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...cleanPercents, undefined) },
      fc.constantFrom("101", "5%", "2.555", "-1"),
      numberish,
      hostileText,
    );
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("@draft", "@draft", "@paused"),
        name,
        kind,
        every,
        unit,
        dailyAt,
        hookMode,
        hookUrl,
        percent,
        envelopes,
        async (
          which,
          wantedName,
          scheduleKind,
          intervalEvery,
          intervalUnit,
          wantedDaily,
          alertWebhook,
          alertWebhookUrl,
          alertRejectedPercent,
          envelope,
        ) => {
          const destination =
            which === "@paused" ? paused : await destinationAt("schedule", await connect(SEED_USERS.admin.id));
          const input = wrap(
            {
              destinationId: destination.id,
              name: wantedName,
              scheduleKind,
              intervalEvery,
              intervalUnit,
              dailyAt: wantedDaily,
              alertWebhook,
              alertWebhookUrl,
              alertRejectedPercent,
            },
            envelope,
          );
          const sent = received(input);
          // The paused destination has a webhook saved before each call, so "keep" has one to keep.
          const saved = "https://hooks.example.com/saved-before";
          if (which === "@paused")
            await db.destination.update({
              where: { id: destination.id },
              data: {
                alertWebhookSealed: box.seal(saved),
                alertWebhookHint: alertWebhookHint(saved),
                alertRejectedShare: 0.125,
              },
            });
          const before = await db.destination.findUniqueOrThrow({ where: { id: destination.id } });
          const startedAt = Date.now();
          const result = await act(scheduleStepSchema, input, (data) => saveScheduleStep(deps, actor, data));
          const sentUnit = sent.intervalUnit ?? "hours";
          const clean =
            cleanNames.includes(sent.name as string) &&
            (sent.intervalEvery === undefined || cleanEvery.includes(sent.intervalEvery as string)) &&
            (sent.intervalUnit === undefined || sent.intervalUnit === "minutes" || sent.intervalUnit === "hours") &&
            (sent.dailyAt === undefined || cleanDaily.includes(sent.dailyAt as string)) &&
            (sent.scheduleKind === "MANUAL" ||
              (sent.scheduleKind === "INTERVAL" && sent.intervalEvery !== undefined) ||
              (sent.scheduleKind === "DAILY" && sent.dailyAt !== undefined)) &&
            (((sent.alertWebhook === undefined || sent.alertWebhook === "keep" || sent.alertWebhook === "none") &&
              !trimmed(sent.alertWebhookUrl)) ||
              (sent.alertWebhook === "set" && cleanHooks.includes(sent.alertWebhookUrl as string))) &&
            // Ignored unless "set", but still refused when it is no text PostgreSQL can store, or too long.
            (sent.alertWebhookUrl === undefined ||
              (typeof sent.alertWebhookUrl === "string" &&
                isStorableText(sent.alertWebhookUrl) &&
                sent.alertWebhookUrl.trim().length <= 2000)) &&
            (sent.alertRejectedPercent === undefined || cleanPercents.includes(sent.alertRejectedPercent as string));
          if (!result.ok) {
            seen.refused();
            expect(clean, `clean input refused: ${JSON.stringify(result)}`).toBe(false);
            expectRefusedAs(result, [
              {
                code: "VALIDATION",
                fields: [
                  "name",
                  "scheduleKind",
                  "intervalEvery",
                  "intervalUnit",
                  "dailyAt",
                  "alertWebhook",
                  "alertWebhookUrl",
                  "alertRejectedPercent",
                ],
              },
            ]);
            expect(await db.destination.findUniqueOrThrow({ where: { id: destination.id } })).toEqual(before);
            return;
          }
          seen.saved();
          const row = await db.destination.findUniqueOrThrow({ where: { id: destination.id } });
          expect(result.data).toEqual({ activated: which === "@draft", nextRunAt: row.nextRunAt });
          expect(row).toMatchObject({
            name: (sent.name as string).trim(),
            scheduleKind: sent.scheduleKind,
            status: which === "@draft" ? "ACTIVE" : "PAUSED",
          });
          if (sent.scheduleKind === "INTERVAL") {
            expect(trimmed(sent.intervalEvery), "an interval other than plain digits").toMatch(/^\d+$/);
            const minutes = Number(trimmed(sent.intervalEvery)) * (sentUnit === "hours" ? 60 : 1);
            expect(Number.isInteger(minutes) && minutes >= 5 && minutes <= 168 * 60, String(minutes)).toBe(true);
            expect(row.scheduleIntervalMinutes).toBe(minutes);
            if (which === "@draft")
              expect(row.nextRunAt!.getTime()).toBeGreaterThanOrEqual(startedAt + minutes * 60_000);
          } else expect(row.scheduleIntervalMinutes).toBeNull();
          if (sent.scheduleKind === "DAILY") expect(row.scheduleDailyAt).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
          expect(row.scheduleDailyAt).toBe(sent.scheduleKind === "DAILY" ? trimmed(sent.dailyAt) : null);
          if (which === "@paused" || sent.scheduleKind === "MANUAL") expect(row.nextRunAt).toBeNull();
          else expect(row.nextRunAt).not.toBeNull();
          // Alerts: a new URL is sealed (its hint kept in the clear), "keep" changes nothing, "none" clears.
          if (sent.alertWebhook === "set") {
            const wanted = new URL(trimmed(sent.alertWebhookUrl) as string).href;
            expect(box.open(row.alertWebhookSealed!)).toBe(wanted);
            expect(row.alertWebhookHint).toBe(alertWebhookHint(wanted));
          } else if (sent.alertWebhook === "none")
            expect([row.alertWebhookSealed, row.alertWebhookHint]).toEqual([null, null]);
          else
            expect([row.alertWebhookSealed, row.alertWebhookHint]).toEqual([
              before.alertWebhookSealed,
              before.alertWebhookHint,
            ]);
          // A threshold not sent stays as it was; sent empty, it is cleared.
          if (sent.alertRejectedPercent === undefined) expect(row.alertRejectedShare).toBe(before.alertRejectedShare);
          else
            expect(row.alertRejectedShare).toBe(
              trimmed(sent.alertRejectedPercent)
                ? parseRejectedPercent(trimmed(sent.alertRejectedPercent) as string)
                : null,
            );
        },
      ),
      {
        numRuns: 60,
        examples: [
          [
            "@draft",
            "Store purchases",
            "INTERVAL",
            "15",
            "minutes",
            undefined,
            "set",
            "https://hooks.slack.com/services/T000/B000/XXXX",
            "5",
            "form",
          ],
          [
            "@paused",
            "😀 'x' \"y\" \\ $$ -- */",
            "DAILY",
            undefined,
            undefined,
            " 06:30 ",
            "keep",
            undefined,
            " 7 ",
            "json",
          ],
          [
            "@draft",
            "Store purchases",
            "INTERVAL",
            "4",
            "minutes",
            undefined,
            undefined,
            undefined,
            undefined,
            "object",
          ],
          [
            "@paused",
            "Store purchases",
            "MANUAL",
            undefined,
            undefined,
            undefined,
            "none",
            "http://hooks.example.com/x",
            "",
            "form",
          ],
          [
            "@draft",
            "Store purchases",
            "MANUAL",
            undefined,
            undefined,
            undefined,
            "set",
            "http://hooks.example.com/x",
            "5",
            "object",
          ],
        ],
      },
    );
    seen.expectBoth();
  });
});

describe("X connections", () => {
  test("disconnecting with a hostile id: a field error or not found; else the tokens are gone (and X revoked the OAuth one)", async () => {
    const alreadyGone = await pixelConnection();
    await db.xConnection.update({ where: { id: alreadyGone.id }, data: { revokedAt: new Date(), tokenSealed: "" } });
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(
        idOr(["@oauth", "@oauth-padded", "@pixel", "@gone"]),
        hostileText,
        envelopes,
        async (connectionId, label, envelope) => {
          // A label that is itself hostile (when storable): it is quoted back in the message.
          const storable = !/[\u0000-\u001f\u007f-\u009f]|[\ud800-\udfff]/.test(label) && label.length <= 80;
          const [oauth, pixel] = [
            await connect(SEED_USERS.manager.id),
            await pixelConnection(storable ? `${next()} ${label}` : undefined),
          ];
          const ids = {
            "@oauth": oauth.id,
            "@oauth-padded": ` ${oauth.id}\t`,
            "@pixel": pixel.id,
            "@gone": alreadyGone.id,
          };
          const input = wrap({ connectionId: resolve(connectionId, ids) }, envelope);
          const target = trimmed(received(input).connectionId);
          const result = await act(connectionIdSchema, input, (data) =>
            disconnectXConnection(db, box, deps.app, actor, data.connectionId),
          );
          const chosen = [oauth, pixel, alreadyGone].find((connection) => connection.id === target);
          for (const other of [oauth, pixel].filter((connection) => connection !== chosen))
            expect((await db.xConnection.findUniqueOrThrow({ where: { id: other.id } })).revokedAt).toBeNull();
          if (!chosen) {
            seen.refused();
            return expectRefusedAs(result, [{ code: "VALIDATION", fields: ["connectionId"] }, { code: "NOT_FOUND" }]);
          }
          if (!result.ok) throw new Error(JSON.stringify(result));
          seen.saved();
          const row = await db.xConnection.findUniqueOrThrow({ where: { id: chosen.id } });
          expect(row).toMatchObject({ tokenSealed: "", tokenSecretSealed: null });
          expect(row.revokedAt).not.toBeNull();
          expect(result.data.message).toContain(chosen.label);
          if (chosen === oauth) expect(result.data.message).toMatch(/X revoked its token\.$/);
          if (chosen === pixel) expect(result.data.message).toContain("Revoke the token in X Events Manager too");
          if (chosen === alreadyGone) expect(result.data.message).toMatch(/was already disconnected\.$/);
        },
      ),
      // One id that names nothing, so the refused branch runs whatever the random draws (about
      // one run in a hundred drew only real ids and failed the tally).
      {
        numRuns: 30,
        examples: [
          ["@oauth-padded", "Store", "form"],
          ["@pixel", "😀 'x' __proto__", "json"],
          ["@gone", "x", "object"],
          ["no-such-connection", "x", "form"],
        ],
      },
    );
    seen.expectBoth();
  });
});
