import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import {
  DEMO_CONVERSIONS_QUERY,
  DEMO_CONVERSIONS_TABLE,
  seedDemoConversions,
} from "../../lib/sources/demo/demo-conversions";
import { createStandinControl } from "../../standin/standin-control";
import { insertDestination, insertSource, insertXConnection } from "../../lib/testing/seed-records";
import { serverSecretBox, withDb, withSourceDb } from "./db";

// Seeding and inspection helpers for the destination journeys. Secrets are sealed with the key
// the server generated in its data folder, exactly as the app seals them.

export const standinUrl = () => process.env.SLUICE_E2E_STANDIN_URL!;
export const standin = () => createStandinControl(standinUrl());

/** The "Demo orders" source the start script seeds; seeded here too if that ever did not happen. */
export async function demoSourceId(): Promise<string> {
  const existing = await withDb(
    async (client) =>
      (
        await client.query<{ id: string }>(
          `SELECT id FROM "Source" WHERE name = 'Demo orders' ORDER BY "createdAt" LIMIT 1`,
        )
      ).rows[0],
  );
  if (existing) return existing.id;
  const url = process.env.SLUICE_E2E_SOURCE_URL!;
  await seedDemoConversions(url, { rows: 500 });
  const columns = [
    "order_id",
    "email",
    "phone",
    "country",
    "twclid",
    "ip_address",
    "user_agent",
    "value",
    "currency",
    "ordered_at",
  ].map((name) => ({ name, type: "text" }));
  return withDb((client) =>
    insertSource(client, {
      name: "Demo orders",
      kind: "POSTGRES",
      connectionStringSealed: serverSecretBox().seal(url),
      connectionStringRedacted: "postgresql://…",
      query: DEMO_CONVERSIONS_QUERY,
      columns,
    }),
  );
}

/** Raw emails and phone numbers of the first demo rows: none may ever appear in a page. */
export async function rawDemoIdentifiers(limit = 40): Promise<string[]> {
  return withSourceDb(async (client) => {
    const { rows } = await client.query<{ email: string | null; phone: string | null }>(
      `SELECT email, phone FROM ${DEMO_CONVERSIONS_TABLE} ORDER BY order_id LIMIT $1`,
      [limit],
    );
    return rows
      .flatMap((row) => [row.email?.trim(), row.phone])
      .filter((value): value is string => Boolean(value && value.length >= 7 && !/^[0-9a-f]{64}$/.test(value)));
  });
}

/** Every token Sluice holds, opened: none may ever appear in a page. */
export async function storedTokens(): Promise<string[]> {
  const box = serverSecretBox();
  return withDb(async (client) => {
    const { rows } = await client.query<{ tokenSealed: string; tokenSecretSealed: string | null }>(
      `SELECT "tokenSealed", "tokenSecretSealed" FROM "XConnection" WHERE "tokenSealed" <> ''`,
    );
    return rows.flatMap((row) => [
      row.tokenSealed,
      box.open(row.tokenSealed),
      ...(row.tokenSecretSealed ? [row.tokenSecretSealed, box.open(row.tokenSecretSealed)] : []),
    ]);
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
  return withDb((client) =>
    insertXConnection(client, {
      id,
      xUserId: issued.user_id,
      screenName: issued.screen_name,
      tokenSealed: box.seal(issued.oauth_token),
      tokenSecretSealed: box.seal(issued.oauth_token_secret),
      connectedByEmail: seededConnectionEmail(id),
    }),
  );
}

export const seededConnectionEmail = (connectionId: string) => `seed-${connectionId.slice(0, 8)}@example.com`;

export interface SeededDestination {
  id: string;
  name: string;
}

/** A destination on the store account: saved and active, or (`mapping: null`) left at the
 * mapping step with nothing saved, so the step suggests one. */
export async function seedDestination(options: {
  connectionId: string;
  sourceId: string;
  name?: string;
  active?: boolean;
  mapping?: unknown;
}): Promise<SeededDestination> {
  const id = randomUUID();
  const name = options.name ?? `Seeded ${id.slice(0, 6)}`;
  await withDb((client) =>
    insertDestination(client, {
      id,
      name,
      connectionId: options.connectionId,
      sourceId: options.sourceId,
      active: Boolean(options.active),
      mapping: options.mapping,
    }),
  );
  return { id, name };
}

export async function destinationRow(id: string) {
  return withDb(
    async (client) => (await client.query(`SELECT * FROM "Destination" WHERE id = $1`, [id])).rows[0] ?? null,
  );
}

/** No serious or critical accessibility violations on the page as it is now. */
export async function expectNoSeriousA11yViolations(
  page: Page,
  where: string,
  options: { soft?: boolean } = {},
): Promise<void> {
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
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(" "))
          .join(", ")}`,
    );
  (options.soft ? expect.soft : expect)(serious, `accessibility violations on ${where}`).toEqual([]);
}
