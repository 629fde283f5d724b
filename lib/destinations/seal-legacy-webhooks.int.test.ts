import { randomBytes } from "node:crypto";
import { afterAll, expect, inject, test } from "vitest";
import { createSecretBox } from "@/lib/crypto/secret-box";
import { createDb } from "@/lib/db/client";
import { sealLegacyWebhooks } from "./seal-legacy-webhooks";

const db = createDb(inject("databaseUrl"), { max: 2 });
const box = createSecretBox(randomBytes(32));
const tag = randomBytes(3).toString("hex");
afterAll(() => db.$disconnect());

test("URLs stored in plain text before sealing are sealed at a worker's start, and the plain text is cleared", async () => {
  const url = `https://hooks.slack.com/services/T000/B000/legacy${tag}Secret`;
  const plain = await db.destination.create({
    data: { name: `Legacy ${tag}`, alertWebhookUrl: ` ${url} `, alertRejectedShare: 0.1 },
  });
  const notUrl = await db.destination.create({
    data: { name: `Legacy odd ${tag}`, alertWebhookUrl: `hooks.example.com/odd${tag}` },
  });
  const blank = await db.destination.create({ data: { name: `Legacy blank ${tag}`, alertWebhookUrl: "  " } });

  expect(await sealLegacyWebhooks(db, box)).toBeGreaterThanOrEqual(2);
  const rows = await db.destination.findMany({ where: { id: { in: [plain.id, notUrl.id, blank.id] } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  expect(byId.get(plain.id)).toMatchObject({
    alertWebhookUrl: null,
    alertWebhookHint: "https://hooks.slack.com/…cret",
    alertRejectedShare: 0.1,
  });
  expect(box.open(byId.get(plain.id)!.alertWebhookSealed!)).toBe(url);
  // Not a URL: sealed all the same (the worker's call will say it cannot be reached), hinted generically.
  expect(byId.get(notUrl.id)).toMatchObject({ alertWebhookUrl: null, alertWebhookHint: "the alert webhook" });
  expect(byId.get(blank.id)).toMatchObject({ alertWebhookUrl: null, alertWebhookSealed: null, alertWebhookHint: null });
  expect(JSON.stringify(rows)).not.toContain(`legacy${tag}`);
  // Nothing left to do the second time.
  expect(await db.destination.count({ where: { alertWebhookUrl: { not: null } } })).toBe(0);
  await db.destination.deleteMany({ where: { id: { in: [plain.id, notUrl.id, blank.id] } } });
});
