import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoConversions } from "@/lib/sources/demo/generate-demo-conversions";
import { createXAdsClient, resolveXAdsConfig } from "@/lib/x-ads";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { createStandinControl } from "@/standin/standin-control";
import { ConversionBatcher, buildConversionsRequest, convertRow, mappingSpecSchema, suggestMapping } from "./index";
import type { XConversion } from "./types";

/**
 * The contract end to end: realistic, messy source rows go through the core (suggested mapping,
 * normalisation, hashing, batching) and are sent over real HTTP to the X stand-in, which applies
 * X's validation. Every conversion the core calls valid must be accepted, batch after batch.
 */
let standin: RunningStandin;
beforeAll(async () => {
  standin = await startStandin({ port: 0 });
});
afterAll(() => standin.stop());

describe("payloads built by the core, sent to the X stand-in", () => {
  it("are all accepted, and the stand-in counts exactly the valid rows", async () => {
    const rows = [...demoConversions({ rows: 1_200, seed: 7, endAt: new Date() })];
    const columns = Object.keys(rows[0]!);
    const mapping = mappingSpecSchema.parse({
      ...suggestMapping(columns),
      options: { ...suggestMapping(columns).options, defaultPhoneCountry: "US" },
    });
    const client = createXAdsClient({
      config: resolveXAdsConfig({ adsApiBaseUrl: standin.url, apiBaseUrl: standin.url }),
      consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
      token: { key: DEMO_ACCESS_TOKENS.admin.token, secret: DEMO_ACCESS_TOKENS.admin.secret },
    });
    const batcher = new ConversionBatcher<{ conversion: XConversion }>();
    const batches: { conversion: XConversion }[][] = [];
    let valid = 0;
    let invalid = 0;
    for (const row of rows) {
      const values = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value ?? null]));
      const result = convertRow(mapping, { eventId: "o87ne", pixelId: "o8z6j" }, values);
      if (result.status === "invalid") {
        invalid += 1;
        continue;
      }
      valid += 1;
      const full = batcher.add({ conversion: result.conversion });
      if (full) batches.push(full);
    }
    const rest = batcher.flush();
    if (rest) batches.push(rest);

    // The demo data has deliberately bad rows; most rows are good.
    expect(invalid).toBeGreaterThan(0);
    expect(valid).toBeGreaterThan(rows.length * 0.8);
    expect(batches.every((batch) => batch.length <= 500)).toBe(true);
    expect(batches.length).toBe(Math.ceil(valid / 500));

    for (const batch of batches) {
      const outcome = await client.sendConversions("o8z6j", buildConversionsRequest(batch).conversions);
      expect(outcome, JSON.stringify(outcome).slice(0, 500)).toMatchObject({
        kind: "accepted",
        processed: batch.length,
      });
    }
    const received = await createStandinControl(standin.url).conversions({ pixel_id: "o8z6j", limit: 1 });
    expect(received.total).toBe(valid);
    expect(received.duplicates).toBe(0);
  }, 60_000);
});
