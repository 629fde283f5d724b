import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { deliverRunAlert } from "./run-alert";
import { seedDestination, testSecrets } from "../sync/sync-test-harness";

// E-mail alerts against a real SMTP server started here (smtp-server), which keeps what it gets.
const url = inject("databaseUrl");
const credentials = {
  consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
  token: DEMO_ACCESS_TOKENS.admin,
};
const secrets = testSecrets();
const received: Array<{ from: string; to: string[]; raw: string }> = [];
let db: Db;
let server: SMTPServer;
let smtpUrl: string;

beforeAll(async () => {
  db = createDb(url, { max: 2 });
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("refused@")) return callback(new Error("550 No such mailbox"));
      callback();
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  received.length = 0;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await db?.$disconnect();
});

/** A destination alerting these addresses, and a run of it that ended as given. */
async function finishedRun(
  emails: string[],
  run: {
    status: "FAILED" | "PARTIAL";
    error?: string;
    rowsRead: number;
    rowsSent: number;
    rowsRejected?: number;
    rowsInvalid?: number;
  },
) {
  const { destinationId } = await seedDestination(db, secrets, {
    url: "postgresql://unused",
    credentials,
    query: "SELECT 1",
    name: "Store purchases <EU>",
  });
  await db.destination.update({
    where: { id: destinationId },
    data: { alertEmails: emails, alertRejectedShare: 0.05 },
  });
  const created = await db.syncRun.create({
    data: {
      destinationId,
      trigger: "SCHEDULE",
      status: run.status,
      error: run.error ?? null,
      rowsRead: run.rowsRead,
      rowsSent: run.rowsSent,
      rowsRejected: run.rowsRejected ?? 0,
      rowsInvalid: run.rowsInvalid ?? 0,
      startedAt: new Date(),
      finishedAt: new Date(),
    },
  });
  // A problem row carrying a customer's address as its key: the alert must not repeat it.
  await db.syncProblem.create({
    data: {
      runId: created.id,
      kind: "REJECTED",
      rowNumber: 7,
      rowKey: "jane.doe@customer.example",
      field: "email",
      code: "INVALID_PARAMETER",
      message: "X refused it",
    },
  });
  return created.id;
}

/** The message's subject and text, decoded from quoted-printable (RFC 2045 and 2047). */
function decoded(message: string): { subject: string; text: string } {
  const raw = message.replaceAll("\r\n", "\n");
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, " ");
  const qp = (text: string) => {
    const bytes: number[] = [];
    for (let i = 0; i < text.length; i += 1) {
      if (text[i] === "=" && /^[0-9A-F]{2}$/.test(text.slice(i + 1, i + 3))) {
        bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(text.charCodeAt(i));
    }
    return Buffer.from(bytes).toString("utf8");
  };
  const subjectLine = /^Subject: (.*)$/m.exec(head)?.[1] ?? "";
  const subject = subjectLine
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/g, (_, word: string) => qp(word.replaceAll("_", " ")));
  return {
    subject,
    text: qp(
      raw
        .slice(split)
        .trim()
        .replace(/=\r?\n/g, ""),
    ),
  };
}

const email = (smtp: string | null) => ({
  email: smtp ? { smtpUrl: smtp, from: "Sluice <alerts@sluice.example>" } : null,
  appUrl: "https://sluice.example.com",
});

test("a run whose source could not be read e-mails its addresses once, with counts and a link, and no row data", async () => {
  const runId = await finishedRun(["ops@example.com", "Marketing@Example.com"], {
    status: "FAILED",
    error: "The source could not be read: connection refused (127.0.0.1:5432)",
    rowsRead: 0,
    rowsSent: 0,
  });
  expect(await deliverRunAlert(db, secrets, runId, email(smtpUrl))).toEqual({ delivered: true });
  expect(received).toHaveLength(1);
  const message = received[0]!;
  expect(message.from).toBe("alerts@sluice.example");
  // (Mail software writes the domain in lower case; the mailbox is as it was given.)
  expect(message.to).toEqual(["ops@example.com", "Marketing@example.com"]);
  const { subject, text } = decoded(message.raw);
  expect(subject).toBe("Sluice: the source of “Store purchases <EU>” could not be read");
  expect(text).toContain(
    "Sluice: a sync of “Store purchases <EU>” failed: The source could not be read: connection refused (127.0.0.1:5432). 0 of 0 rows read were sent.",
  );
  expect(text).toContain("Rows read: 0\nSent: 0");
  expect(text).toContain("Most common reasons:\n  INVALID_PARAMETER: 1 rows");
  expect(text).toContain(`The run: https://sluice.example.com/runs/${runId}`);
  expect(message.raw).not.toContain("jane.doe");
  expect(text).not.toContain("jane.doe");

  const deliveries = await db.webhookDelivery.findMany({ where: { runId } });
  expect(deliveries).toMatchObject([
    {
      channel: "email",
      event: "run.source_unreachable",
      target: "ops@example.com, Marketing@Example.com",
      statusCode: 250,
      error: null,
    },
  ]);
  // The queue retrying the job sends nothing twice.
  expect(await deliverRunAlert(db, secrets, runId, email(smtpUrl))).toEqual({ delivered: true });
  expect(received).toHaveLength(1);
});

test("too many rows rejected: the subject says how many", async () => {
  const runId = await finishedRun(["ops@example.com"], {
    status: "PARTIAL",
    rowsRead: 1_000,
    rowsSent: 900,
    rowsRejected: 100,
  });
  await deliverRunAlert(db, secrets, runId, email(smtpUrl));
  const { subject, text } = decoded(received[0]!.raw);
  expect(subject).toBe("Sluice: X rejected 10% of a sync of “Store purchases <EU>”");
  expect(text).toContain(
    "Sluice: X rejected 100 of 1000 rows (10%) in a sync of “Store purchases <EU>”, more than the 5% allowed. Most common reason: INVALID_PARAMETER (1 rows).",
  );
  expect(text).toContain("Rejected by X: 100");
});

test("a refused address is recorded with the server's reason and the job is retried", async () => {
  const runId = await finishedRun(["refused@example.com"], {
    status: "FAILED",
    error: "X no longer accepts this connection's token",
    rowsRead: 10,
    rowsSent: 0,
  });
  await expect(deliverRunAlert(db, secrets, runId, email(smtpUrl))).rejects.toThrow(
    /e-mail: The mail server did not take the message/,
  );
  const [delivery] = await db.webhookDelivery.findMany({ where: { runId } });
  expect(delivery).toMatchObject({ channel: "email", event: "run.failed", statusCode: null });
  expect(delivery!.error).toMatch(/550 No such mailbox|refused/);
});

test("without SMTP_URL an e-mail alert is recorded as not sent, and not retried", async () => {
  const runId = await finishedRun(["ops@example.com"], { status: "FAILED", error: "boom", rowsRead: 1, rowsSent: 0 });
  expect(await deliverRunAlert(db, secrets, runId, email(null))).toEqual({ delivered: false });
  expect(received).toHaveLength(0);
  expect(await db.webhookDelivery.findMany({ where: { runId } })).toMatchObject([
    { channel: "email", statusCode: null, error: "E-mail alerts need SMTP_URL set on the worker; none was sent." },
  ]);
});
