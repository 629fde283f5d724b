import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { ROLES } from "@/lib/auth/roles";
import { createSecretBox } from "@/lib/crypto/secret-box";
import { createDb, type Db } from "@/lib/db/client";
import { deleteDestination, setDestinationPaused } from "@/lib/destinations/manage-destinations";
import { destinationIdSchema, newDestinationSchema, setPausedSchema } from "@/lib/destinations/step-schemas";
import { createJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { syncJobId } from "@/lib/jobs/sync-job-id";
import { resetLedgerSchema, runSyncNowSchema } from "@/lib/runs/run-schemas";
import { createPostgresSource, updatePostgresSource } from "@/lib/sources/manage-sources";
import { createPostgresQuerySource } from "@/lib/sources/postgres/postgres-query-source";
import { updatePostgresSourceSchema } from "@/lib/sources/source-schemas";
import { uploadCsvSource } from "@/lib/sources/csv/upload-csv-source";
import { requestSyncRun } from "@/lib/sync/lifecycle/request-sync-run";
import { resetSentLedger } from "@/lib/sync/lifecycle/reset-sent-ledger";
import { ledgerKeyCount } from "@/lib/sync/engine/sent-ledger";
import { changeOwnPassword } from "@/lib/users/change-password";
import { changeUserRole, createFirstOwner, setUserDisabled, unlockSignIn } from "@/lib/users/manage-users";
import { hashPassword, verifyPassword } from "@/lib/users/password";
import {
  changePasswordSchema,
  changeRoleSchema,
  createOwnerSchema,
  setUserDisabledSchema,
  unlockUserSchema,
} from "@/lib/users/user-schemas";
import { isStorableText } from "@/lib/validation/storable-text";
import { confirmNameMatches } from "@/lib/sync/lifecycle/confirm-name-matches";
import {
  act,
  envelopes,
  expectNoPollution,
  expectRefusedAs,
  hostileText,
  idOr,
  resolve,
  received,
  tally,
  trimmed,
  watchConsoleErrors,
  wrap,
  wrongType,
} from "@/lib/testing/hostile-action-input";
import { sourceDatabase, testSourceGuard } from "@/lib/testing/source-database";

/**
 * More server actions fed hostile values (see hostile-action-input.int.test.ts): users, source
 * edits, pausing and deleting destinations, runs and the sent-ledger, and the first-run owner.
 * Each call is a typed refusal of the expected kind, or a success whose effect is read back.
 */

const url = inject("databaseUrl");
// What the Postgres sources connect to: the run's source database, as its read-only user.
const sourceUrl = sourceDatabase().readerUrl;
const tag = randomBytes(3).toString("hex");
const box = createSecretBox(randomBytes(32));
let db: Db;
let queue: JobQueue;
let actor: { id: string; email: string };
let counter = 0;
const next = () => `${tag}-${(counter += 1)}`;
const runIds: string[] = [];
const destinationIds: string[] = [];

watchConsoleErrors();
afterEach(expectNoPollution);

const flag = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("true", "false") },
  fc.constantFrom("TRUE", "1", "on", " true", "false\u0000", undefined),
  wrongType,
  hostileText,
);

async function makeDestination(status: "DRAFT" | "ACTIVE", name = `Destination ${next()}`) {
  const row = await db.destination.create({
    data: {
      name,
      status,
      wizardStep: status === "ACTIVE" ? "schedule" : null,
      scheduleKind: "INTERVAL",
      scheduleIntervalMinutes: 60,
      createdById: actor.id,
    },
  });
  destinationIds.push(row.id);
  return row;
}

async function makeBusyDestination() {
  const busy = await makeDestination("ACTIVE");
  runIds.push((await db.syncRun.create({ data: { destinationId: busy.id, trigger: "MANUAL", status: "QUEUED" } })).id);
  return busy;
}

beforeAll(async () => {
  db = createDb(url, { max: 4 });
  queue = await createJobQueue(url, { role: "producer", max: 1 });
  const user = await db.user.create({
    data: { email: `hostile-more-${tag}@example.com`, name: "Owner", passwordHash: "x", role: "OWNER" },
  });
  actor = { id: user.id, email: user.email };
});
afterAll(async () => {
  // Jobs left queued would be picked up by another test file's worker.
  if (queue && runIds.length > 0) await queue.boss.deleteJob("sync-run", runIds.map(syncJobId));
  await db?.sentConversion.deleteMany({ where: { destinationId: { in: destinationIds } } });
  await db?.destination.deleteMany({ where: { id: { in: destinationIds } } });
  await queue?.stop({ graceful: false });
  await db?.$disconnect();
});

describe("users", () => {
  test("changing a role with a hostile user id or role: a field error or not found, else changed and read back", async () => {
    const target = await db.user.create({
      data: { email: `target-${next()}@example.com`, name: "Target", passwordHash: "x", role: "EDITOR" },
    });
    const role = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...ROLES) },
      fc.constantFrom("owner", " EDITOR", "ADMIN", "__proto__", "constructor", "toString", "VIEWER\u0000"),
      hostileText,
      wrongType,
    );
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(idOr(["@target", "@target-padded"]), role, envelopes, async (userId, wanted, envelope) => {
        const input = wrap(
          { userId: resolve(userId, { "@target": target.id, "@target-padded": ` ${target.id}` }), role: wanted },
          envelope,
        );
        const sent = received(input);
        const result = await act(changeRoleSchema, input, (data) => changeUserRole(db, actor, data.userId, data.role));
        const isRole = (ROLES as readonly unknown[]).includes(sent.role);
        if (sent.userId === target.id && isRole) {
          expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
          seen.saved();
          expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe(sent.role);
          return;
        }
        seen.refused();
        // The user id is not trimmed: " id" is another (unknown) id.
        expectRefusedAs(result, [
          { code: "VALIDATION", fields: isRole ? ["userId"] : ["userId", "role"] },
          ...(isRole ? [{ code: "NOT_FOUND" as const }] : []),
        ]);
        if (!isRole) expect(Object.keys(result.fieldErrors ?? {})).toContain("role");
      }),
      {
        numRuns: 60,
        examples: [
          ["@target", "OWNER", "form"],
          ["@target", "owner", "object"],
          ["@target-padded", "VIEWER", "json"],
        ],
      },
    );
    seen.expectBoth();
  });

  test("disabling with a hostile user id or flag: a field error, not found or refused for oneself, else read back", async () => {
    const target = await db.user.create({
      data: { email: `disable-${next()}@example.com`, name: "Target", passwordHash: "x", role: "OWNER" },
    });
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(idOr(["@target", "@self"]), flag, envelopes, async (userId, disabled, envelope) => {
        const input = wrap(
          { userId: resolve(userId, { "@target": target.id, "@self": actor.id }), disabled },
          envelope,
        );
        const sent = received(input);
        const result = await act(setUserDisabledSchema, input, (data) =>
          setUserDisabled(db, actor, data.userId, data.disabled),
        );
        const isFlag = sent.disabled === "true" || sent.disabled === "false";
        const known = sent.userId === target.id || sent.userId === actor.id;
        if (isFlag && known && !(sent.userId === actor.id && sent.disabled === "true")) {
          expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
          seen.saved();
          const row = await db.user.findUniqueOrThrow({ where: { id: sent.userId as string } });
          expect(row.disabledAt === null).toBe(sent.disabled === "false");
          return;
        }
        seen.refused();
        if (!isFlag) {
          expectRefusedAs(result, [{ code: "VALIDATION", fields: ["userId", "disabled"] }]);
          expect(Object.keys(result.fieldErrors ?? {})).toContain("disabled");
        } else if (known) expectRefusedAs(result, [{ code: "CONFLICT" }]);
        else expectRefusedAs(result, [{ code: "VALIDATION", fields: ["userId"] }, { code: "NOT_FOUND" }]);
      }),
      {
        numRuns: 60,
        examples: [
          ["@self", "true", "form"],
          ["@target", "true", "object"],
          ["@target", true, "object"],
          ["@target", "false", "json"],
        ],
      },
    );
    seen.expectBoth();
    expect((await db.user.findUniqueOrThrow({ where: { id: actor.id } })).disabledAt).toBeNull();
  });
});

describe("sources", () => {
  const connectionString = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(undefined, "", "   ", "@db", "@db-named") },
    fc.constantFrom(
      "postgresql://nobody:pw@127.0.0.1:1/none",
      "postgresql://u:p%ZZ@127.0.0.1:1/db",
      "mysql://root@localhost/db",
      "postgresql://",
      "postgresql://u:p@ho st/db",
    ),
    hostileText,
    wrongType,
  );
  const seconds = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom<unknown>("10", " 10 ", "1e1", "600", "1", 10) },
    fc.constantFrom<unknown>(
      "0x0a",
      "10.0",
      "10.5",
      "0",
      "-1",
      "601",
      "NaN",
      "Infinity",
      "",
      "٣",
      "+5",
      "5n",
      10.5,
      -0,
      true,
      null,
      [7],
    ),
    hostileText,
  );
  const sourceName = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("Orders", "😀 'Orders' \"x\" \\ $$", "__proto__") },
    hostileText,
  );

  test("editing a Postgres source with hostile fields: refused on the field, or saved as sent and its query runs", async () => {
    const { id } = await createPostgresSource(
      db,
      actor,
      { name: `Edit me ${next()}`, connectionString: sourceUrl, query: "SELECT 1 AS a", statementTimeoutSeconds: 10 },
      { secretBox: box },
    );
    const csv = `ordered_at,email\n2026-01-02T03:04:05Z,ana@example.com\n`;
    const csvId = (
      await uploadCsvSource(db, actor, {
        target: { name: `CSV ${next()}` },
        filename: "a.csv",
        body: (async function* () {
          yield Buffer.from(csv);
        })(),
      })
    ).sourceId;
    // The same database, spelled another way (a source connection string may carry no parameter
    // but sslmode or ssl).
    const spelled = new URL(sourceUrl);
    spelled.searchParams.delete("sslmode");
    spelled.searchParams.set("ssl", "0");
    const named = spelled.toString();
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(
        idOr(["@source", "@source-padded", "@csv"]),
        sourceName,
        hostileText,
        connectionString,
        seconds,
        envelopes,
        async (sourceId, name, value, connection, timeout, envelope) => {
          const literal = `SELECT '${typeof value === "string" ? value.replaceAll("'", "''") : ""}'::text AS value`;
          const fields = {
            sourceId: resolve(sourceId, { "@source": id, "@source-padded": `\t${id} `, "@csv": csvId }),
            name: `${next()} ${name}`,
            connectionString: resolve(connection, { "@db": sourceUrl, "@db-named": named }),
            query: literal,
            statementTimeoutSeconds: timeout,
          };
          const input = wrap(fields, envelope);
          const sent = received(input);
          let parsedSeconds = Number.NaN;
          const result = await act(updatePostgresSourceSchema, input, (data) => {
            parsedSeconds = data.statementTimeoutSeconds;
            return updatePostgresSource(db, actor, data, { secretBox: box });
          });
          const target = trimmed(sent.sourceId);
          if (!result.ok) {
            seen.refused();
            return expectRefusedAs(result, [
              {
                code: "VALIDATION",
                fields: ["sourceId", "name", "connectionString", "query", "statementTimeoutSeconds"],
              },
              { code: "CONFLICT", fields: ["name"] },
              ...(target === csvId ? [{ code: "CONFLICT" as const }] : []),
              ...(target !== id && target !== csvId ? [{ code: "NOT_FOUND" as const }] : []),
            ]);
          }
          seen.saved();
          expect(target).toBe(id);
          expect(
            Number.isInteger(parsedSeconds) && parsedSeconds >= 1 && parsedSeconds <= 600,
            String(parsedSeconds),
          ).toBe(true);
          const row = await db.source.findUniqueOrThrow({ where: { id } });
          expect(row.name).toBe((sent.name as string).trim());
          expect(row.query).toBe(sent.query);
          expect(row.statementTimeoutMs).toBe(parsedSeconds * 1000);
          const typed = trimmed(sent.connectionString);
          if (typed) expect(box.open(row.connectionStringSealed!)).toBe(typed);
          // The saved query still runs and returns the text as it arrived.
          const sample = await createPostgresQuerySource({
            connectionString: box.open(row.connectionStringSealed!),
            query: row.query!,
            guard: await testSourceGuard(),
          }).sample(1);
          expect(sample.rows[0]?.values.value).toBe(
            (sent.query as string).slice("SELECT '".length, -"'::text AS value".length).replaceAll("''", "'"),
          );
        },
      ),
      {
        numRuns: 50,
        examples: [
          ["@source", "Orders", "ana@example.com", "", "30", "form"],
          ["@source", "Orders", "x", "@db-named", "1e1", "object"],
          ["@csv", "Orders", "x", undefined, "10", "json"],
          ["@source", "Orders", "x", "postgresql://u:p%ZZ@127.0.0.1:1/db", "10", "form"],
          ["@source", "Orders", "x", "postgresql://nobody:pw@127.0.0.1:1/none", "10", "object"],
        ],
      },
    );
    seen.expectBoth();
  });
});

describe("destinations", () => {
  test("pausing or resuming with a hostile id or flag: a field error, not found or a conflict for a draft, else read back", async () => {
    const active = await makeDestination("ACTIVE");
    const draft = await makeDestination("DRAFT");
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(
        idOr(["@active", "@active-padded", "@draft"]),
        flag,
        envelopes,
        async (destinationId, paused, envelope) => {
          const input = wrap(
            {
              destinationId: resolve(destinationId, {
                "@active": active.id,
                "@active-padded": ` ${active.id}\n`,
                "@draft": draft.id,
              }),
              paused,
            },
            envelope,
          );
          const sent = received(input);
          const before = await db.destination.findUniqueOrThrow({ where: { id: active.id } });
          const startedAt = Date.now();
          const result = await act(setPausedSchema, input, (data) =>
            setDestinationPaused(db, actor, data.destinationId, data.paused),
          );
          const isFlag = sent.paused === "true" || sent.paused === "false";
          const target = trimmed(sent.destinationId);
          if (isFlag && target === active.id) {
            const status = sent.paused === "true" ? "PAUSED" : "ACTIVE";
            expect(result, JSON.stringify(result)).toEqual({ ok: true, data: { name: active.name, status } });
            seen.saved();
            const row = await db.destination.findUniqueOrThrow({ where: { id: active.id } });
            expect(row.status).toBe(status);
            // Already so: nothing changes. Paused: nothing is due. Resumed: due an hour from now.
            if (before.status === status) expect(row.nextRunAt).toEqual(before.nextRunAt);
            else if (status === "PAUSED") expect(row.nextRunAt).toBeNull();
            else expect(row.nextRunAt!.getTime()).toBeGreaterThanOrEqual(startedAt + 60 * 60_000);
            return;
          }
          seen.refused();
          if (!isFlag) expectRefusedAs(result, [{ code: "VALIDATION", fields: ["destinationId", "paused"] }]);
          else if (target === draft.id) expectRefusedAs(result, [{ code: "CONFLICT" }]);
          else expectRefusedAs(result, [{ code: "VALIDATION", fields: ["destinationId"] }, { code: "NOT_FOUND" }]);
        },
      ),
      {
        numRuns: 60,
        examples: [
          ["@active", "true", "form"],
          ["@active-padded", "false", "object"],
          ["@draft", "true", "json"],
        ],
      },
    );
    seen.expectBoth();
    expect((await db.destination.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("DRAFT");
  });

  test("deleting with a hostile id: a field error, not found, or a conflict while a run is queued; else gone", async () => {
    const busy = await makeBusyDestination();
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(idOr(["@fresh", "@fresh-padded", "@busy"]), envelopes, async (destinationId, envelope) => {
        const fresh = await makeDestination("DRAFT");
        const input = wrap(
          {
            destinationId: resolve(destinationId, {
              "@fresh": fresh.id,
              "@fresh-padded": `\u00a0${fresh.id} `,
              "@busy": busy.id,
            }),
          },
          envelope,
        );
        const target = trimmed(received(input).destinationId);
        const result = await act(destinationIdSchema, input, (data) =>
          deleteDestination(db, actor, data.destinationId),
        );
        const left = await db.destination.findUnique({ where: { id: fresh.id } });
        if (target === fresh.id) {
          expect(result).toEqual({ ok: true, data: { name: fresh.name } });
          seen.saved();
          expect(left).toBeNull();
          return;
        }
        seen.refused();
        expect(left).not.toBeNull();
        if (target === busy.id) expectRefusedAs(result, [{ code: "CONFLICT" }]);
        else expectRefusedAs(result, [{ code: "VALIDATION", fields: ["destinationId"] }, { code: "NOT_FOUND" }]);
      }),
      {
        numRuns: 40,
        examples: [
          ["@fresh", "form"],
          ["@fresh-padded", "object"],
          ["@busy", "json"],
        ],
      },
    );
    seen.expectBoth();
    expect(await db.destination.findUnique({ where: { id: busy.id } })).not.toBeNull();
  });
});

describe("runs and the sent-ledger", () => {
  /** runSyncNowAction's body: a queued run, its job, and the audit event. */
  async function runSyncNow(destinationId: string) {
    const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL", actor });
    runIds.push(runId);
    await recordAuditEvent(db, actor, "run.start", { type: "SyncRun", id: runId }, { destinationId });
    return { runId };
  }

  test("run now with a hostile id: a field error, not found, or a conflict (draft, already queued); else queued with its job", async () => {
    const draft = await makeDestination("DRAFT");
    const busy = await makeBusyDestination();
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(
        idOr(["@fresh", "@fresh-padded", "@draft", "@busy"]),
        envelopes,
        async (destinationId, envelope) => {
          const fresh = await makeDestination("ACTIVE");
          const input = wrap(
            {
              destinationId: resolve(destinationId, {
                "@fresh": fresh.id,
                "@fresh-padded": ` ${fresh.id}\t`,
                "@draft": draft.id,
                "@busy": busy.id,
              }),
            },
            envelope,
          );
          const target = trimmed(received(input).destinationId);
          const result = await act(runSyncNowSchema, input, (data) => runSyncNow(data.destinationId));
          if (target === fresh.id) {
            if (!result.ok) throw new Error(JSON.stringify(result));
            seen.saved();
            const run = await db.syncRun.findUniqueOrThrow({ where: { id: result.data.runId } });
            expect(run).toMatchObject({
              destinationId: fresh.id,
              status: "QUEUED",
              trigger: "MANUAL",
              triggeredById: actor.id,
              triggeredByEmail: actor.email,
            });
            expect((await queue.boss.getJobById("sync-run", syncJobId(run.id)))?.data).toEqual({ runId: run.id });
            // A second click while it is queued is refused, not a second run.
            expectRefusedAs(await act(runSyncNowSchema, input, (data) => runSyncNow(data.destinationId)), [
              { code: "CONFLICT" },
            ]);
            expect(await db.syncRun.count({ where: { destinationId: fresh.id } })).toBe(1);
            return;
          }
          seen.refused();
          if (target === draft.id || target === busy.id) expectRefusedAs(result, [{ code: "CONFLICT" }]);
          else expectRefusedAs(result, [{ code: "VALIDATION", fields: ["destinationId"] }, { code: "NOT_FOUND" }]);
        },
      ),
      {
        numRuns: 40,
        examples: [
          ["@fresh", "form"],
          ["@fresh-padded", "json"],
          ["@draft", "object"],
          ["@busy", "object"],
        ],
      },
    );
    seen.expectBoth();
    expect(await db.syncRun.count({ where: { destinationId: { in: [draft.id, busy.id] } } })).toBe(1);
  });

  test("resetting the ledger with a hostile confirmation: refused on the field, not found or a conflict; else every row forgotten", async () => {
    const confirm = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom("@name", "@name-padded", "@name-upper", "@name-nul", "@name-long", undefined),
      },
      hostileText,
      wrongType,
    );
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(
        hostileText,
        fc.constantFrom("@fresh", "@fresh-padded", "@busy", "@unknown", "@nul-id", "@long-id"),
        confirm,
        envelopes,
        async (wantedName, which, confirmName, envelope) => {
          // A destination whose name is itself hostile (whatever the new-destination form accepts).
          const named = await act(newDestinationSchema, { name: `${next()} ${wantedName}` }, async (data) => data.name);
          const fresh = await makeDestination("ACTIVE", named.ok ? named.data : `Ledger ${next()}`);
          const busy = which === "@busy" ? await makeBusyDestination() : null;
          for (const destination of [fresh, busy].filter((row) => row !== null)) {
            await db.sentConversion.createMany({
              data: [1, 2, 3].map((n) => ({ destinationId: destination.id, rowKey: `row-${n}`, runId: "seeded" })),
            });
          }
          const chosen = busy ?? fresh;
          const ids = {
            "@fresh": fresh.id,
            "@fresh-padded": ` ${fresh.id} `,
            "@busy": busy?.id ?? "",
            "@unknown": `cm${next()}`,
            "@nul-id": `${fresh.id}\u0000`,
            "@long-id": "c".repeat(65),
          };
          const names = {
            "@name": chosen.name,
            "@name-padded": `  ${chosen.name}\n`,
            "@name-upper": chosen.name.toUpperCase(),
            "@name-nul": `${chosen.name}\u0000`,
            "@name-long": `${chosen.name}${" ".repeat(200)}`,
          };
          const input = wrap({ destinationId: ids[which], confirmName: resolve(confirmName, names) }, envelope);
          const sent = received(input);
          const result = await act(resetLedgerSchema, input, (data) => resetSentLedger(db, actor, data));
          const typed = sent.confirmName === undefined ? "" : sent.confirmName;
          const confirms =
            typeof typed === "string" &&
            typed.length <= 200 &&
            isStorableText(typed) &&
            confirmNameMatches(typed, chosen.name);
          const remaining = await ledgerKeyCount(db, chosen.id);
          if ((which === "@fresh" || which === "@fresh-padded") && confirms) {
            expect(result).toEqual({ ok: true, data: { forgotten: 3 } });
            seen.saved();
            expect(remaining).toBe(0);
            return;
          }
          seen.refused();
          expect(remaining).toBe(3);
          if (which === "@nul-id" || which === "@long-id") {
            expectRefusedAs(result, [{ code: "VALIDATION", fields: ["destinationId", "confirmName"] }]);
            expect(Object.keys(result.fieldErrors ?? {})).toContain("destinationId");
          } else if (which === "@unknown")
            expectRefusedAs(result, [{ code: "NOT_FOUND" }, { code: "VALIDATION", fields: ["confirmName"] }]);
          else if (!confirms) expectRefusedAs(result, [{ code: "VALIDATION", fields: ["confirmName"] }]);
          else expectRefusedAs(result, [{ code: "CONFLICT" }]);
        },
      ),
      {
        numRuns: 40,
        examples: [
          ["😀 'sale' \"x\" \\ $$", "@fresh", "@name-padded", "form"],
          ["__proto__", "@busy", "@name", "json"],
          ["x", "@fresh", "@name-nul", "object"],
        ],
      },
    );
    seen.expectBoth();
  });
});

describe("unlocking and changing one's password", () => {
  test("unlocking with a hostile user id: a field error or not found, else unlocked and audited once", async () => {
    const target = await db.user.create({
      data: { email: `unlock-${next()}@example.com`, name: "Target", passwordHash: "x", role: "EDITOR" },
    });
    const unlocks = () => db.auditEvent.count({ where: { action: "user.unlocked", targetId: target.id } });
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(idOr(["@target", "@target-padded"]), envelopes, async (userId, envelope) => {
        const input = wrap(
          { userId: resolve(userId, { "@target": target.id, "@target-padded": ` ${target.id}` }) },
          envelope,
        );
        const sent = received(input);
        const before = await unlocks();
        const result = await act(unlockUserSchema, input, (data) => unlockSignIn(db, actor, data.userId));
        if (sent.userId === target.id) {
          expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
          seen.saved();
          expect(await unlocks()).toBe(before + 1);
          expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).signInUnlockedAt).not.toBeNull();
          return;
        }
        seen.refused();
        expectRefusedAs(result, [{ code: "VALIDATION", fields: ["userId"] }, { code: "NOT_FOUND" }]);
        expect(await unlocks()).toBe(before);
      }),
      {
        numRuns: 40,
        examples: [
          ["@target", "form"],
          ["@target-padded", "json"],
          ["__proto__", "object"],
        ],
      },
    );
    seen.expectBoth();
  });

  test("changing one's password with hostile values: refused on a field, or changed to exactly what was typed", async () => {
    let current = "plum tractor violin";
    const user = await db.user.create({
      data: {
        email: `changer-${next()}@example.com`,
        name: "Changer",
        passwordHash: await hashPassword(current),
        role: "VIEWER",
      },
    });
    const wanted = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          "orbit lantern meadow",
          "pass\u0000word-1234",
          "😀".repeat(18),
          "Ünïcødé ✓ pässwörd",
          "x".repeat(72),
        ),
      },
      fc.constantFrom("short", "1qaz2wsx3edc", "QWERTY123456", " ".repeat(12), "😀".repeat(19), user.email),
      hostileText,
      wrongType,
    );
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("@current", "@current", "@wrong"),
        wanted,
        fc.constantFrom("@same", "@same", "@other"),
        envelopes,
        async (which, newPassword, confirm, envelope) => {
          // Wrong current passwords count as failed sign-ins; each run starts below the limit.
          await db.signInAttempt.deleteMany({ where: { email: user.email } });
          const currentPassword = which === "@current" ? current : "not the password, no";
          const input = wrap(
            {
              currentPassword,
              newPassword,
              confirmPassword: confirm === "@same" ? newPassword : "something else entirely",
            },
            envelope,
          );
          const sent = received(input);
          const versionBefore = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion;
          const result = await act(changePasswordSchema, input, (data) => changeOwnPassword(db, user, data, null));
          const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
          if (result.ok) {
            seen.saved();
            expect(which).toBe("@current");
            const typed = sent.newPassword as string;
            expect(await verifyPassword(typed, row.passwordHash)).toBe(true);
            expect(row.sessionVersion).toBe(versionBefore + 1);
            current = typed;
            return;
          }
          seen.refused();
          expectRefusedAs(result, [
            { code: "VALIDATION", fields: ["currentPassword", "newPassword", "confirmPassword"] },
          ]);
          expect(await verifyPassword(current, row.passwordHash)).toBe(true);
          expect(row.sessionVersion).toBe(versionBefore);
        },
      ),
      // bcrypt at cost 12 is slow on purpose.
      {
        numRuns: 12,
        examples: [
          ["@current", "orbit lantern meadow", "@same", "form"],
          ["@wrong", "kettle harbour signal", "@same", "object"],
          ["@current", "1qaz2wsx3edc", "@same", "json"],
          ["@current", "pass\u0000word-1234", "@same", "json"],
        ],
      },
    );
    seen.expectBoth();
  });
});

// Last: the first-run owner needs a Sluice with no users, so this empties the user table.
describe("the first-run owner", () => {
  test("hostile name, e-mail and passwords: refused on the field, or the owner is saved as typed and signs in with exactly that password", async () => {
    const password = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom(
          "correct horse battery",
          "😀".repeat(18),
          "pass\u0000word-12",
          "Ünïcødé ✓ pässwörd",
          "x".repeat(72),
        ),
      },
      fc.constantFrom("😀".repeat(19), " ".repeat(12), "short", "\ud800".repeat(12)),
      hostileText,
      wrongType,
    );
    const email = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom("@ok", "@ok-shouting", "__proto__@example.com", "constructor@example.com"),
      },
      fc.constantFrom("ana@", "ana\u0000@example.com", "ana@exa mple.com", "😀@example.com"),
      hostileText,
      wrongType,
    );
    const name = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom("Ana Lima", "😀 'Ana' \"Lima\"", "__proto__", " Ana ") },
      hostileText,
      wrongType,
    );
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(
        name,
        email,
        password,
        fc.constantFrom("@same", "@same", "@other"),
        envelopes,
        async (wantedName, wantedEmail, wantedPassword, confirm, envelope) => {
          await db.user.deleteMany();
          const typedEmail = resolve(wantedEmail, {
            "@ok": `ana-${next()}@example.com`,
            "@ok-shouting": `  ANA-${next()}@Example.COM `,
          });
          const input = wrap(
            {
              name: wantedName,
              email: typedEmail,
              password: wantedPassword,
              confirmPassword: confirm === "@same" ? wantedPassword : "something else entirely",
            },
            envelope,
          );
          const sent = received(input);
          const result = await act(createOwnerSchema, input, (data) => createFirstOwner(db, data));
          if (!result.ok) {
            seen.refused();
            expectRefusedAs(result, [{ code: "VALIDATION", fields: ["name", "email", "password", "confirmPassword"] }]);
            // zod checks that the passwords match only once every field is valid on its own.
            const otherFieldErrors = Object.keys(result.fieldErrors ?? {}).filter(
              (field) => field !== "confirmPassword",
            );
            if (
              confirm === "@other" &&
              typeof sent.password === "string" &&
              sent.password !== "something else entirely" &&
              otherFieldErrors.length === 0
            ) {
              expect(Object.keys(result.fieldErrors ?? {})).toContain("confirmPassword");
            }
            expect(await db.user.count()).toBe(0);
            return;
          }
          seen.saved();
          const users = await db.user.findMany();
          expect(users).toHaveLength(1);
          expect(users[0]).toMatchObject({
            name: (sent.name as string).trim(),
            email: (sent.email as string).trim().toLowerCase(),
            role: "OWNER",
            disabledAt: null,
          });
          const typed = sent.password as string;
          expect(await verifyPassword(typed, users[0]!.passwordHash)).toBe(true);
          // The whole password counts (a NUL or an emoji does not end it early).
          expect(
            await verifyPassword(`${typed.slice(0, -1)}${typed.endsWith("#") ? "%" : "#"}`, users[0]!.passwordHash),
          ).toBe(false);
          // Submitted again (a double click, a second tab): refused, still one owner.
          expectRefusedAs(await act(createOwnerSchema, input, (data) => createFirstOwner(db, data)), [
            { code: "CONFLICT" },
          ]);
          expect(await db.user.count()).toBe(1);
        },
      ),
      // bcrypt at cost 12 is slow on purpose.
      {
        numRuns: 10,
        examples: [
          ["Ana Lima", "@ok-shouting", "pass\u0000word-12", "@same", "form"],
          ["__proto__", "__proto__@example.com", "😀".repeat(18), "@same", "json"],
          ["Ana", "@ok", "correct horse battery", "@other", "object"],
          ["Ana Lima", "__proto__", "correct horse battery", "@other", "object"],
        ],
      },
    );
    seen.expectBoth();
  });
});
