import { randomBytes } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { MappingSpecInput } from "@/lib/conversions";
import { createDb, type Db } from "@/lib/db/client";
import { getRun } from "@/lib/runs/get-run";
import { groupRunProblems, listRunProblems } from "@/lib/runs/list-run-problems";
import { PROBLEM_CSV_HEADER } from "@/lib/runs/problems-csv";
import { streamProblemsCsv } from "@/lib/runs/stream-problems-csv";
import { uploadCsvSource } from "@/lib/sources/csv/upload-csv-source";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { createQueuedRun } from "./lifecycle/create-queued-run";
import { runSync } from "./engine/run-sync";
import { engineDeps, seedDestination, testSecrets, uniqueTable, withPg } from "./sync-test-harness";
import { sourceDatabase } from "@/lib/testing/source-database";

// A run's history (the run row, its problem rows, what the run page and the CSV download show)
// never holds a customer's e-mail or phone number, whatever was wrong with the row: invalid
// identifiers, no or bad conversion time, a row X rejected, a line the CSV reader skipped, or a
// query that failed half-way on a value.

const url = inject("databaseUrl");
// Source tables live in the run's source database, read as its read-only user.
const sourceDb = sourceDatabase();
const credentials = {
  consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
  token: DEMO_ACCESS_TOKENS.admin,
};
const secrets = testSecrets();
let db: Db;
let standin: RunningStandin;

beforeAll(async () => {
  db = createDb(url, { max: 4 });
  standin = await startStandin({ rateLimit: { conversionsPerWindow: 10_000_000 } });
  standin.state.rejectedValues.add({ values: [{ parameter: "event_id", value: FOREIGN }] });
});
afterAll(async () => {
  await standin?.stop();
  await db?.$disconnect();
});

interface Row {
  order_id: string;
  email: string | null;
  phone: string | null;
  ordered_at: string | null;
  event_id: string;
}

const GOOD = "o87ne";
// An event of the account that X is told to refuse (POST /_standin/rejections): Sluice's check of
// the account's event tags passes it, and X rejects the conversion, naming the event.
const FOREIGN = "o87nf";
const at = "2026-11-19T10:00:00Z";
const rows = (prefix: string): Row[] => [
  { order_id: `${prefix}-1`, email: "ana.lima@example.com", phone: "(415) 555-0134", ordered_at: at, event_id: GOOD },
  { order_id: `${prefix}-2`, email: "bruno.at.example.com", phone: null, ordered_at: at, event_id: GOOD },
  { order_id: `${prefix}-3`, email: "carla@", phone: "555-01", ordered_at: at, event_id: GOOD },
  { order_id: `${prefix}-4`, email: null, phone: "+1 (212) 555-0187 ext", ordered_at: at, event_id: GOOD },
  {
    order_id: `${prefix}-5`,
    email: "  Dora.Missing@Example.COM ",
    phone: "+1 646 555 0142",
    ordered_at: null,
    event_id: GOOD,
  },
  {
    order_id: `${prefix}-6`,
    email: "eli.badtime@example.com",
    phone: "2125550163",
    ordered_at: "next tuesday",
    event_id: GOOD,
  },
  {
    order_id: `${prefix}-7`,
    email: "fay.rejected@example.com",
    phone: "+44 20 7946 0958",
    ordered_at: at,
    event_id: FOREIGN,
  },
  {
    order_id: `${prefix}-8`,
    email: "gus.rejected@example.com",
    phone: null,
    ordered_at: "2026-11-19 11:30:00",
    event_id: FOREIGN,
  },
  // Someone used the e-mail as the order id: the key of a rejected row must not carry it.
  {
    order_id: "hana.key@example.com",
    email: "hana.key@example.com",
    phone: "(718) 555-0111",
    ordered_at: at,
    event_id: FOREIGN,
  },
  {
    order_id: `${prefix}-10`,
    email: "ivo\u0000nul@example.com",
    phone: "+1 (917) 555-01\u000799",
    ordered_at: at,
    event_id: GOOD,
  },
  {
    order_id: `${prefix}-11`,
    email: "jo,comma@example.com",
    phone: '=HYPERLINK("+13055550123")',
    ordered_at: at,
    event_id: GOOD,
  },
  // A row key a spreadsheet would run, on a row with no usable identifier.
  { order_id: `=cmd|' /C calc'!A0 ${prefix}`, email: "zed@", phone: null, ordered_at: at, event_id: GOOD },
];

const MAPPING: MappingSpecInput = {
  version: 1,
  fields: {
    conversion_time: { kind: "column", column: "ordered_at" },
    email: { kind: "column", column: "email" },
    phone: { kind: "column", column: "phone" },
    conversion_id: { kind: "column", column: "order_id" },
  },
  eventId: { kind: "column", column: "event_id" },
  options: { defaultPhoneCountry: "US" },
};

/** Every form in which a source's e-mail or phone could leak: as written, trimmed, lower-cased,
 * digits only, E.164, and the US national number. */
function personalValues(source: Row[]): string[] {
  const values = new Set<string>();
  for (const row of source) {
    if (row.email) {
      const clean = row.email.replaceAll("\u0000", "");
      for (const form of [row.email, clean, clean.trim(), clean.trim().toLowerCase()]) values.add(form);
    }
    if (row.phone) {
      const digits = row.phone.replace(/\D/g, "");
      for (const form of [row.phone, row.phone.trim(), digits, `+${digits}`]) values.add(form);
      if (digits.length === 11 && digits.startsWith("1")) values.add(digits.slice(1));
      if (digits.length === 10) values.add(`+1${digits}`);
    }
  }
  // Digit runs too short to be a phone number would match row numbers and counts.
  return [...values].filter((value) => value.replace(/\D/g, "").length >= 7 || value.includes("@"));
}

async function csvText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** Everything a run leaves behind that a person can read. */
async function runHistory(runId: string): Promise<Record<string, string>> {
  const json = (value: unknown) =>
    JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item));
  return {
    "SyncRun row": json(await db.syncRun.findUniqueOrThrow({ where: { id: runId } })),
    "SyncProblem rows": json(await db.syncProblem.findMany({ where: { runId } })),
    "run page view": json(await getRun(db, runId)),
    "problem list view": json(await listRunProblems(db, runId, { pageSize: 5_000 })),
    "problem groups view": json(await groupRunProblems(db, runId)),
    "problems CSV": await csvText(streamProblemsCsv(db, runId)),
  };
}

function expectNoPersonalData(history: Record<string, string>, values: string[]): void {
  for (const [where, text] of Object.entries(history)) {
    expect(
      values.filter((value) => text.includes(value)),
      `personal data in the ${where}`,
    ).toEqual([]);
  }
}

async function seedTable(table: string, source: Row[]): Promise<void> {
  await withPg(sourceDb.adminUrl, async (client) => {
    await client.query(
      `CREATE TABLE ${table} (order_id text PRIMARY KEY, email text, phone text, ordered_at text, event_id text)`,
    );
    for (const row of source) {
      // PostgreSQL text cannot hold NUL: a customer's table cannot either, so it arrives without it.
      const cells = [row.order_id, row.email, row.phone, row.ordered_at, row.event_id].map(
        (cell) => cell?.replaceAll("\u0000", "") ?? null,
      );
      await client.query(`INSERT INTO ${table} VALUES ($1, $2, $3, $4, $5)`, cells);
    }
  });
}

async function run(destinationId: string) {
  const { runId } = await createQueuedRun(db, { destinationId, trigger: "MANUAL" });
  await runSync(engineDeps(db, secrets, { url: standin.url, credentials }), runId);
  return db.syncRun.findUniqueOrThrow({ where: { id: runId } });
}

describe("a run's history holds no raw e-mail or phone number", () => {
  test("a Postgres source with invalid rows and rows X rejects", async () => {
    const table = uniqueTable("sync_pii");
    const source = rows(table);
    await seedTable(table, source);
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
      mapping: MAPPING,
    });

    const result = await run(destinationId);
    expect(result.status).toBe("PARTIAL");
    expect(result.rowsRead).toBe(source.length);
    expect(result.rowsSent).toBeGreaterThan(0);
    expect(result.rowsInvalid).toBeGreaterThanOrEqual(3);
    expect(result.rowsRejected).toBe(3);
    const problems = await db.syncProblem.findMany({ where: { runId: result.id } });
    expect(new Set(problems.map((problem) => problem.kind))).toEqual(new Set(["INVALID", "REJECTED"]));
    // The rejected row keyed by an e-mail is still recognisable, by a digest.
    expect(problems.some((problem) => problem.kind === "REJECTED" && problem.rowKey?.startsWith("sha256:"))).toBe(true);

    const history = await runHistory(result.id);
    // The search finds what is there: the order ids of the problem rows are in the CSV.
    expect(history["problems CSV"]).toContain(`${table}-7`);
    expectNoPersonalData(history, personalValues(source));

    // The download as a spreadsheet reads it: the header, then no cell that starts a formula.
    const csv = parse(history["problems CSV"] ?? "", { bom: true }) as string[][];
    expect(csv[0]).toEqual([...PROBLEM_CSV_HEADER]);
    expect(csv).toHaveLength(problems.length + 1);
    for (const cell of csv.slice(1).flat()) expect(/^[=+\-@\t\r]/.test(cell), cell).toBe(false);
    expect(csv.map((line) => line[1])).toContain(`'=cmd|' /C calc'!A0 ${table}`);
  });

  test("the phone column used as the conversion id: every problem row's key is a digest, never the phone", async () => {
    const table = uniqueTable("sync_pii_key");
    const source = rows(table);
    await seedTable(table, source);
    const mapping: MappingSpecInput = {
      ...MAPPING,
      fields: { ...MAPPING.fields, conversion_id: { kind: "column", column: "phone" } },
    };
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
      mapping,
    });

    const result = await run(destinationId);
    expect(result.rowsRead).toBe(source.length);
    const problems = await db.syncProblem.findMany({ where: { runId: result.id } });
    const keyed = problems.filter((problem) => problem.rowKey !== null);
    expect(keyed.length).toBeGreaterThan(0);
    for (const problem of keyed) expect(problem.rowKey).toMatch(/^sha256:[0-9a-f]{16}$/);
    expectNoPersonalData(await runHistory(result.id), personalValues(source));
  });

  test("a CSV source with lines the reader skips", async () => {
    const source = rows(uniqueTable("csv_pii"));
    const line = (row: Row) =>
      [row.order_id, row.email, row.phone, row.ordered_at, row.event_id]
        .map((cell) => `"${(cell ?? "").replaceAll('"', '""')}"`)
        .join(",");
    const csv = [
      "order_id,email,phone,ordered_at,event_id",
      ...source.map(line),
      // A line with a value too many, and one whose quote never closes: both skipped, by number.
      `extra-1,kim.extra@example.com,(305) 555-0177,${at},${GOOD},surplus`,
      `"unclosed-1,"lea.quote@example.com,(305) 555-0178,${at},${GOOD}`,
    ].join("\n");
    const { sourceId } = await uploadCsvSource(db, null, {
      target: { name: `PII ${randomBytes(3).toString("hex")}` },
      filename: "orders.csv",
      body: (async function* () {
        yield Buffer.from(csv);
      })(),
    });
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: "SELECT 1",
      mapping: MAPPING,
    });
    await db.destination.update({ where: { id: destinationId }, data: { sourceId } });

    const result = await run(destinationId);
    expect(result.status).toBe("PARTIAL");
    const kinds = new Set(
      (await db.syncProblem.findMany({ where: { runId: result.id } })).map((problem) => problem.kind),
    );
    expect(kinds).toEqual(new Set(["SOURCE", "INVALID", "REJECTED"]));
    const extra: Row[] = [
      { order_id: "extra-1", email: "kim.extra@example.com", phone: "(305) 555-0177", ordered_at: at, event_id: GOOD },
      {
        order_id: "unclosed-1",
        email: "lea.quote@example.com",
        phone: "(305) 555-0178",
        ordered_at: at,
        event_id: GOOD,
      },
    ];
    expectNoPersonalData(await runHistory(result.id), personalValues([...source, ...extra]));
  });

  test("a query that fails half-way on a customer's value says what failed, without the value", async () => {
    const table = uniqueTable("sync_pii_cast");
    const source = rows(table);
    await seedTable(table, source);
    // A cast that works for the first rows and fails on a formatted phone number or an e-mail.
    const query = `SELECT *, phone::bigint AS phone_digits, email::int AS n FROM ${table} ORDER BY order_id`;
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query,
      mapping: MAPPING,
    });

    const result = await run(destinationId);
    expect(result.status).toBe("FAILED");
    expect(result.error).toMatch(
      /^The source could not be read: Invalid input syntax for type (bigint|integer): "…"\.$/,
    );
    expectNoPersonalData(await runHistory(result.id), personalValues(source));
  });
});
