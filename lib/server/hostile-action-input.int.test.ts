import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { destinationExportSchema, importDestination } from "@/lib/cli/destination-transfer";
import { pixelTokenConnectionSchema } from "@/lib/connections/connection-schemas";
import { addPixelTokenConnection } from "@/lib/connections/manage-x-connections";
import { resolveXApp } from "@/lib/connections/x-app";
import { createSecretBox } from "@/lib/crypto/secret-box";
import { createDb, type Db } from "@/lib/db/client";
import { createDestinationDraft, duplicateDestination } from "@/lib/destinations/manage-destinations";
import {
  mappingStepSchema,
  newDestinationSchema,
  destinationIdSchema,
  sourceStepSchema,
} from "@/lib/destinations/step-schemas";
import { saveMappingStep } from "@/lib/destinations/save-mapping-step";
import { saveSourceStep } from "@/lib/destinations/save-source-step";
import { cancelRunSchema } from "@/lib/runs/run-schemas";
import { createPostgresSource, deleteSource, renameSource } from "@/lib/sources/manage-sources";
import { createPostgresQuerySource } from "@/lib/sources/postgres/postgres-query-source";
import { previewSource } from "@/lib/sources/preview-source";
import {
  createPostgresSourceSchema,
  renameSourceSchema,
  sourceIdSchema,
  previewSourceSchema,
} from "@/lib/sources/source-schemas";
import { uploadCsvSource } from "@/lib/sources/csv/upload-csv-source";
import { cancelSyncRun } from "@/lib/sync/lifecycle/cancel-sync-run";
import { addUser } from "@/lib/users/manage-users";
import { addUserSchema } from "@/lib/users/user-schemas";
import { UNSTORABLE_TEXT_MESSAGE } from "@/lib/validation/storable-text";
import { act, expectRefusedOn, hostileText, tally, watchConsoleErrors } from "@/lib/testing/hostile-action-input";
import { sourceDatabase, testSourceGuard } from "@/lib/testing/source-database";

/**
 * Hostile values through what a server action does (parse with the form's schema, call one lib
 * function, turn errors into a result) against the real PostgreSQL. A value is either refused
 * with an error on its field, or stored exactly as parsed and read back intact; never a 500.
 */

const url = inject("databaseUrl");
// What the Postgres sources connect to: the run's source database, as its read-only user.
const sourceUrl = sourceDatabase().readerUrl;
const tag = randomBytes(3).toString("hex");
const box = createSecretBox(randomBytes(32));
let db: Db;
let actor: { id: string; email: string };
let csvSourceId: string;
let counter = 0;
const next = () => `${tag}-${(counter += 1)}`;

watchConsoleErrors();

async function* text(value: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(value, "utf8");
}

const HOSTILE_COLUMNS = ["__proto__", "constructor", "e\u0007mail", 'quote"d', "comma, col", "😀 emoji", "toString"];

beforeAll(async () => {
  db = createDb(url, { max: 4 });
  const user = await db.user.create({
    data: { email: `hostile-${tag}@example.com`, name: "Owner", passwordHash: "x", role: "OWNER" },
  });
  actor = { id: user.id, email: user.email };
  const header = ["ordered_at", "email", ...HOSTILE_COLUMNS].map((name) => `"${name.replaceAll('"', '""')}"`).join(",");
  const csv = `${header}\n2026-01-02T03:04:05Z,ana@example.com,1,2,3,4,5,6,7\n`;
  csvSourceId = (
    await uploadCsvSource(db, actor, {
      target: { name: `Hostile columns ${tag}` },
      filename: "hostile.csv",
      body: text(csv),
    })
  ).sourceId;
});
afterAll(() => db?.$disconnect());

describe("sources", () => {
  test("a hostile name and a query returning hostile text: refused on the field, or saved verbatim and read back intact", async () => {
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, async (name, value) => {
        const input = {
          name: `${next()} ${name}`,
          connectionString: sourceUrl,
          query: `SELECT '${value.replaceAll("'", "''")}'::text AS value`,
          statementTimeoutSeconds: "10",
        };
        const result = await act(createPostgresSourceSchema, input, (data) =>
          createPostgresSource(db, actor, data, { secretBox: box }),
        );
        if (!result.ok) {
          seen.refused();
          return expectRefusedOn(result, ["name", "query"], ["VALIDATION", "CONFLICT"]);
        }
        seen.saved();
        const row = await db.source.findUniqueOrThrow({ where: { id: result.data.id } });
        expect(row.name).toBe(input.name.trim());
        expect(row.query).toBe(input.query);
        // The value went to PostgreSQL inside the query and comes back as it was.
        const sample = await createPostgresQuerySource({
          connectionString: sourceUrl,
          query: row.query!,
          guard: await testSourceGuard(),
        }).sample(1);
        expect(sample.rows[0]?.values.value).toBe(value);
      }),
      {
        numRuns: 40,
        examples: [
          ["Shop orders", "ana@example.com"],
          ["Shop\u0000orders", "x"],
        ],
      },
    );
    seen.expectBoth();
  });

  test("a NUL byte in a name or query used to be a 500 (name) or a wrong 'connection failed' (query); now it is a field error", async () => {
    const base = {
      name: `Orders ${next()}`,
      connectionString: sourceUrl,
      query: "SELECT 1 AS a",
      statementTimeoutSeconds: "10",
    };
    const nulName = await act(createPostgresSourceSchema, { ...base, name: "Or\u0000ders" }, (data) =>
      createPostgresSource(db, actor, data, { secretBox: box }),
    );
    expect(nulName).toEqual({
      ok: false,
      code: "VALIDATION",
      message: "Some fields need attention.",
      fieldErrors: { name: [expect.stringContaining("control characters")] },
    });
    const nulQuery = await act(
      createPostgresSourceSchema,
      { ...base, query: "SELECT 1 AS a\u0000; SELECT 2" },
      (data) => createPostgresSource(db, actor, data, { secretBox: box }),
    );
    expect(nulQuery).toEqual({
      ok: false,
      code: "VALIDATION",
      message: "Some fields need attention.",
      fieldErrors: { query: [UNSTORABLE_TEXT_MESSAGE] },
    });
    const surrogate = await act(createPostgresSourceSchema, { ...base, name: "Orders \ud83d" }, (data) =>
      createPostgresSource(db, actor, data, { secretBox: box }),
    );
    expect(surrogate).toMatchObject({
      ok: false,
      code: "VALIDATION",
      fieldErrors: { name: [UNSTORABLE_TEXT_MESSAGE] },
    });
  });

  test("renaming to a hostile name: refused on the name, or renamed verbatim", async () => {
    const { id } = await createPostgresSource(
      db,
      actor,
      { name: `Rename me ${next()}`, connectionString: sourceUrl, query: "SELECT 1 AS a", statementTimeoutSeconds: 10 },
      { secretBox: box },
    );
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(hostileText, async (name) => {
        const wanted = `${next()} ${name}`;
        const result = await act(renameSourceSchema, { sourceId: id, name: wanted }, (data) =>
          renameSource(db, actor, data.sourceId, data.name),
        );
        if (!result.ok) {
          seen.refused();
          return expectRefusedOn(result, ["name"], ["VALIDATION", "CONFLICT"]);
        }
        seen.saved();
        expect((await db.source.findUniqueOrThrow({ where: { id } })).name).toBe(wanted.trim());
      }),
      { numRuns: 40, examples: [["Renamed"], ["Renamed\u0000"], ["Renamed\u0007"]] },
    );
    seen.expectBoth();
  });

  test.each([
    ["preview", previewSourceSchema, (id: string): Promise<unknown> => previewSource(db, id, { secretBox: box })],
    ["delete", sourceIdSchema, (id: string): Promise<unknown> => deleteSource(db, actor, id)],
  ] as const)(
    "%s with a hostile source id: a field error, or not found (never a database error)",
    async (_what, schema, call) => {
      for (const sourceId of ["x\u0000y", "\ud800", "x".repeat(200_001), "__proto__", "' OR 1=1 --", "constructor"]) {
        const result = await act(schema, { sourceId }, (data) => call(data.sourceId));
        if (sourceId.length > 100 || sourceId.includes("\u0000") || sourceId === "\ud800")
          expectRefusedOn(result, ["sourceId"]);
        else expect(result).toMatchObject({ ok: false, code: "NOT_FOUND" });
      }
    },
  );
});

describe("destinations", () => {
  test("a hostile draft name: refused on the name, or saved verbatim; its copy's name is cut without splitting a character", async () => {
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(hostileText, async (name) => {
        const result = await act(newDestinationSchema, { name }, (data) => createDestinationDraft(db, actor, data));
        if (!result.ok) {
          seen.refused();
          return expectRefusedOn(result, ["name"]);
        }
        seen.saved();
        expect((await db.destination.findUniqueOrThrow({ where: { id: result.data.id } })).name).toBe(name.trim());
      }),
      { numRuns: 40, examples: [["Purchases"], ["Pur\u0000chases"]] },
    );
    seen.expectBoth();
    // 91 letters and an emoji: "Copy of " + the name is cut at 100 units, inside the emoji.
    const { id } = await createDestinationDraft(db, actor, { name: `${"x".repeat(91)}😀` });
    const copy = await duplicateDestination(db, actor, id);
    const stored = (await db.destination.findUniqueOrThrow({ where: { id: copy.id } })).name;
    expect(stored).toBe(`Copy of ${"x".repeat(91)}`);
    expect(stored).toBe(copy.name);
  });

  test("a draft started from a source reads it; a source that does not exist is refused, nothing created", async () => {
    const name = `From source ${tag}`;
    const created = await act(newDestinationSchema, { name, sourceId: csvSourceId }, (data) =>
      createDestinationDraft(db, actor, data),
    );
    expect(created.ok).toBe(true);
    if (created.ok)
      expect(await db.destination.findUniqueOrThrow({ where: { id: created.data.id } })).toMatchObject({
        name,
        status: "DRAFT",
        sourceId: csvSourceId,
      });
    const missing = await act(newDestinationSchema, { name: `Missing ${tag}`, sourceId: "cm-no-such-source" }, (data) =>
      createDestinationDraft(db, actor, data),
    );
    expect(missing).toMatchObject({
      ok: false,
      code: "VALIDATION",
      message: "That source no longer exists; create the destination without it.",
    });
    expect(await db.destination.count({ where: { name: `Missing ${tag}` } })).toBe(0);
  });

  test("a hostile id in any destination or run form is a field error or not found", async () => {
    for (const id of ["x\u0000y", "\udfff", "x".repeat(200_001), "__proto__", "' OR '1'='1"]) {
      const refusedShape = id.length > 64 || id.includes("\u0000") || id === "\udfff";
      const duplicate = await act(destinationIdSchema, { destinationId: id }, (data) =>
        duplicateDestination(db, actor, data.destinationId),
      );
      const source = await act(sourceStepSchema, { destinationId: id, sourceId: id }, (data) =>
        saveSourceStep(wizardDeps(), actor, data),
      );
      const cancel = await act(cancelRunSchema, { runId: id }, (data) => cancelSyncRun(db, actor, data.runId));
      for (const [result, fields] of [
        [duplicate, ["destinationId"]],
        [source, ["destinationId", "sourceId"]],
        [cancel, ["runId"]],
      ] as const) {
        if (refusedShape) expectRefusedOn(result, [...fields]);
        else expect(result).toMatchObject({ ok: false, code: "NOT_FOUND" });
      }
    }
  });

  test("saving a mapping with hostile JSON: refused under mapping.*, or stored as parsed and read back equal", async () => {
    const connection = await db.xConnection.create({
      data: {
        kind: "PIXEL_TOKEN",
        pixelId: "o8z6j",
        label: `Pixel ${tag}`,
        tokenSealed: box.seal("pixel-token-abcdefghijklmnop"),
      },
    });
    const destination = await db.destination.create({
      data: {
        name: `Mapping ${tag}`,
        status: "DRAFT",
        wizardStep: "source",
        connectionId: connection.id,
        pixelId: "o8z6j",
        eventId: "o87ne",
        sourceId: csvSourceId,
      },
    });
    const column = fc.oneof(fc.constantFrom("email", ...HOSTILE_COLUMNS), hostileText);
    const hostileMapping = fc.record({
      version: fc.constantFrom(1, 1, 1, 2, "1"),
      fields: fc.record({
        conversion_time: fc.constant({ kind: "column", column: "ordered_at" }),
        email: column.map((name) => ({ kind: "column", column: name })),
        description: fc.oneof(
          hostileText.map((value) => ({ kind: "static", value })),
          fc.constant(undefined),
        ),
        conversion_id: fc.option(
          column.map((name) => ({ kind: "column", column: name })),
          { nil: undefined },
        ),
      }),
      options: fc.record({
        rowKeyColumns: fc.array(column, { maxLength: 2 }),
        sourceTimeZone: fc.constantFrom("UTC", "Europe/London", "Mars/Olympus", "\u0000"),
      }),
    });
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(hostileMapping, async (mapping) => {
        const input = JSON.parse(JSON.stringify({ destinationId: destination.id, mapping })) as Record<string, unknown>;
        let parsed: unknown;
        const result = await act(mappingStepSchema, input, (data) => {
          parsed = data.mapping;
          return saveMappingStep(wizardDeps(), actor, data);
        });
        if (!result.ok) {
          seen.refused();
          return expectRefusedOn(result, ["mapping"]);
        }
        seen.saved();
        const stored = await db.destination.findUniqueOrThrow({ where: { id: destination.id } });
        expect(stored.mapping).toEqual(parsed);
      }),
      {
        numRuns: 60,
        examples: [
          [
            {
              version: 1,
              fields: {
                conversion_time: { kind: "column", column: "ordered_at" },
                email: { kind: "column", column: "__proto__" },
                description: { kind: "static", value: "Spring 😀 'sale'" },
                conversion_id: undefined,
              },
              options: { rowKeyColumns: ["constructor"], sourceTimeZone: "UTC" },
            },
          ],
          [
            {
              version: 2,
              fields: {
                conversion_time: { kind: "column", column: "ordered_at" },
                email: { kind: "column", column: "email" },
                description: undefined,
                conversion_id: undefined,
              },
              options: { rowKeyColumns: [], sourceTimeZone: "UTC" },
            },
          ],
        ],
      },
    );
    seen.expectBoth();
    const nul = await act(
      mappingStepSchema,
      {
        destinationId: destination.id,
        mapping: {
          version: 1,
          fields: {
            conversion_time: { kind: "column", column: "ordered_at" },
            email: { kind: "column", column: "__proto__" },
            description: { kind: "static", value: "50%\u0000off" },
          },
        },
      },
      (data) => saveMappingStep(wizardDeps(), actor, data),
    );
    expect(nul).toMatchObject({
      ok: false,
      code: "VALIDATION",
      fieldErrors: { "mapping.fields.description.value": [UNSTORABLE_TEXT_MESSAGE] },
    });
  });

  test("importing an exported file with hostile JSON: refused with the path of the problem, or imported verbatim", async () => {
    const exported = (name: string, description: string) => ({
      sluice: "destination",
      version: 1,
      destination: {
        name,
        adAccountId: null,
        adAccountName: null,
        pixelId: "o8z6j",
        eventId: "o87ne",
        schedule: { kind: "MANUAL", intervalMinutes: null, dailyAt: null },
        alertRejectedShare: null,
        mapping: {
          version: 1,
          fields: {
            conversion_time: { kind: "column", column: "ordered_at" },
            description: { kind: "static", value: description },
          },
        },
      },
      source: { name: description, kind: "CSV", query: null },
      connection: null,
    });
    /** What `sluice import` does with the file's text. */
    const importText = async (fileText: string) => {
      const file = destinationExportSchema.safeParse(JSON.parse(fileText));
      if (!file.success) return { ok: false as const, paths: file.error.issues.map((issue) => issue.path.join(".")) };
      return { ok: true as const, file: file.data, result: await importDestination(db, file.data) };
    };
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, async (name, description) => {
        const outcome = await importText(JSON.stringify(exported(`${next()} ${name}`, description)));
        if (!outcome.ok) {
          seen.refused();
          expect(outcome.paths.length).toBeGreaterThan(0);
          for (const path of outcome.paths)
            expect(path.startsWith("destination.") || path.startsWith("source."), path).toBe(true);
          return;
        }
        seen.saved();
        const row = await db.destination.findUniqueOrThrow({ where: { id: outcome.result.destinationId } });
        expect(row.name).toBe(outcome.file.destination.name);
        expect(row.mapping).toEqual(outcome.file.destination.mapping);
      }),
      {
        numRuns: 40,
        examples: [
          ["Purchases", "Spring sale"],
          ["Purchases", "Spring\u0000sale"],
        ],
      },
    );
    seen.expectBoth();
    // Escapes in the file itself: NUL and a lone surrogate, and a __proto__ key.
    const raw = JSON.stringify(exported(`Imported ${tag}`, "ok")).replace('"value":"ok"', '"value":"a\\u0000b"');
    expect(await importText(raw)).toEqual({ ok: false, paths: ["destination.mapping.fields.description.value"] });
    expect(
      await importText(
        JSON.stringify(exported(`Imported ${tag}`, "ok")).replace(`Imported ${tag}`, "Imported \\ud800"),
      ),
    ).toEqual({ ok: false, paths: ["destination.name"] });
    const proto = JSON.stringify(exported(`Imported ${tag}`, "ok")).replace(
      '"sluice":"destination"',
      '"__proto__":{"polluted":true},"sluice":"destination"',
    );
    expect((await importText(proto)).ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("users and X connections", () => {
  test("a hostile user name: refused on the name, or saved verbatim", async () => {
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(hostileText, async (name) => {
        const input = { name, email: `u-${next()}@example.com`, role: "VIEWER", password: "correct horse battery" };
        const result = await act(addUserSchema, input, (data) => addUser(db, actor, data));
        if (!result.ok) {
          seen.refused();
          return expectRefusedOn(result, ["name"]);
        }
        seen.saved();
        expect((await db.user.findUniqueOrThrow({ where: { id: result.data.id } })).name).toBe(name.trim());
      }),
      // bcrypt at cost 12 is slow on purpose.
      { numRuns: 8, examples: [["Ana Lima"], ["Ana\u0000Lima"], ["Ana\u001b[2J"]] },
    );
    seen.expectBoth();
  });

  test("a hostile pixel connection label: refused on the label, or saved verbatim; the token is stored sealed", async () => {
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(hostileText, async (label) => {
        const token = `pixel-token-${next()}-abcdefghij`;
        const result = await act(pixelTokenConnectionSchema, { label, pixelId: "o8z6j", token }, (data) =>
          addPixelTokenConnection(db, box, actor, data),
        );
        if (!result.ok) {
          seen.refused();
          return expectRefusedOn(result, ["label"]);
        }
        seen.saved();
        const row = await db.xConnection.findUniqueOrThrow({ where: { id: result.data.id } });
        expect(row.label).toBe(label.trim() || "Pixel o8z6j");
        expect(row.tokenSealed).not.toContain(token);
        expect(box.open(row.tokenSealed)).toBe(token);
      }),
      { numRuns: 40, examples: [["Store pixel"], ["Store\u0000pixel"], ["Store\npixel"]] },
    );
    seen.expectBoth();
  });
});

function wizardDeps() {
  // Saving a source or a mapping never calls X; an unreachable address makes sure of it.
  return {
    db,
    box,
    app: resolveXApp({
      X_ADS_API_BASE_URL: "http://127.0.0.1:9",
      X_API_BASE_URL: "http://127.0.0.1:9",
      X_CONSUMER_KEY: undefined,
      X_CONSUMER_SECRET: undefined,
    }),
  };
}
