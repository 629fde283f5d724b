import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateConversions } from "@/standin/validate-conversions";
import { batchConversions, buildConversionsRequest } from "./conversion-batcher";
import { convertRow } from "./convert-row";
import type { XConversion } from "./types";
import { orderMapping, orderRow } from "./test-arbitraries";

/**
 * Whatever the core produces, the X stand-in's validator (the pure function behind its
 * conversions endpoint, written from the same x-ads-api.md) accepts. Catches drift between what
 * Sluice builds and what X is documented to take.
 */
const pixelId = "o8z6j";
const emptyRow = Object.fromEntries(
  ["ordered_at", "email", "phone", "twclid", "ip", "ua", "total", "currency", "qty", "order_id", "items"].map((c) => [
    c,
    null,
  ]),
);
const ctx = {
  pixelId,
  lookupEventTag: (id: string) => (id === "o87ne" ? ("single_event_tag" as const) : ("unknown" as const)),
};

describe("payloads pass the stand-in's validation", () => {
  it("every batch built from random rows is accepted whole", () => {
    let accepted = 0;
    let seen = 0;
    fc.assert(
      fc.property(
        fc.array(orderRow, { minLength: 1, maxLength: 40 }),
        fc.constantFrom("o87ne", "tw-o8z6j-o87ne"),
        (rows, eventId) => {
          seen += rows.length;
          const items = rows
            .map((values) => convertRow(orderMapping, { eventId, pixelId }, values))
            .flatMap((result) => (result.status === "valid" ? [{ conversion: result.conversion }] : []));
          for (const batch of batchConversions(items, { maxCount: 7 })) {
            const verdict = validateConversions(JSON.parse(JSON.stringify(buildConversionsRequest(batch))), ctx);
            expect(verdict).toMatchObject({ ok: true });
            expect(verdict.ok && verdict.conversions.length).toBe(batch.length);
            accepted += batch.length;
          }
        },
      ),
      { numRuns: 200 },
    );
    // Guards against generators so broken that no row converts and the property holds vacuously.
    expect(accepted).toBeGreaterThan(Math.max(100, seen / 10));
  });

  it("a full 500-conversion batch is accepted", () => {
    const conversion = (n: number): { conversion: XConversion } => {
      const result = convertRow(
        orderMapping,
        { eventId: "o87ne", pixelId },
        { ...emptyRow, ordered_at: 1_700_000_000 + n, twclid: `c${n}`, email: `u${n}@example.com`, order_id: n },
      );
      if (result.status !== "valid") throw new Error(JSON.stringify(result.reasons));
      return { conversion: result.conversion };
    };
    const [batch] = batchConversions(Array.from({ length: 500 }, (_, n) => conversion(n)));
    expect(batch).toHaveLength(500);
    expect(validateConversions(buildConversionsRequest(batch ?? []), ctx)).toMatchObject({ ok: true });
  });
});
