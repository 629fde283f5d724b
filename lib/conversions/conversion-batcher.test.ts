import { describe, expect, it } from "vitest";
import { jsonByteLength } from "./byte-size";
import {
  ConversionBatcher,
  batchConversions,
  buildConversionsRequest,
  MAX_CONVERSIONS_PER_REQUEST,
} from "./conversion-batcher";
import { MAX_CONVERSION_BYTES } from "./convert-row";
import type { XConversion } from "./types";

const conversion = (n: number, description = ""): XConversion => ({
  conversion_time: "2024-05-01T00:00:00.000Z",
  event_id: "o87ne",
  identifiers: [{ twclid: `click${n}` }],
  conversion_id: `order-${n}`,
  ...(description ? { description } : {}),
});
const items = (count: number, description = "") =>
  Array.from({ length: count }, (_, n) => ({ row: n + 1, conversion: conversion(n, description) }));

describe("batchConversions", () => {
  it("caps batches at X's 500 and keeps order", () => {
    const batches = batchConversions(items(1201));
    expect(batches.map((b) => b.length)).toEqual([500, 500, 201]);
    expect(batches.flat().map((i) => i.row)).toEqual(items(1201).map((i) => i.row));
    expect(MAX_CONVERSIONS_PER_REQUEST).toBe(500);
  });

  it("never raises the count above 500 even if asked", () => {
    expect(batchConversions(items(600), { maxCount: 1000 }).map((b) => b.length)).toEqual([500, 100]);
    expect(batchConversions(items(5), { maxCount: 2 }).map((b) => b.length)).toEqual([2, 2, 1]);
  });

  it("keeps every request body within the byte bound, filling batches as far as it allows", () => {
    const maxBytes = 200_000;
    const all = items(400, "x".repeat(2000));
    const batches = batchConversions(all, { maxBytes });
    expect(batches.length).toBeGreaterThan(1);
    for (const [index, batch] of batches.entries()) {
      expect(jsonByteLength(buildConversionsRequest(batch))).toBeLessThanOrEqual(maxBytes);
      const next = batches[index + 1]?.[0];
      if (next) expect(jsonByteLength(buildConversionsRequest([...batch, next]))).toBeGreaterThan(maxBytes);
    }
  });

  it("counts multi-byte characters as bytes, not string length", () => {
    const maxBytes = 140_000;
    const batches = batchConversions(items(40, "é".repeat(2000)), { maxBytes });
    for (const batch of batches) expect(jsonByteLength(buildConversionsRequest(batch))).toBeLessThanOrEqual(maxBytes);
    expect(batches.length).toBeGreaterThan(1);
  });

  it("refuses a byte bound that could not hold the largest conversion convertRow allows", () => {
    expect(() => new ConversionBatcher({ maxBytes: MAX_CONVERSION_BYTES })).toThrow(RangeError);
    expect(() => new ConversionBatcher({ maxCount: 0 })).toThrow(RangeError);
  });

  it("returns nothing for nothing", () => {
    expect(batchConversions([])).toEqual([]);
  });
});

describe("ConversionBatcher (streaming)", () => {
  it("hands out a full batch as soon as the next item does not fit", () => {
    const batcher = new ConversionBatcher<{ conversion: XConversion }>({ maxCount: 2 });
    expect(batcher.add({ conversion: conversion(1) })).toBeUndefined();
    expect(batcher.add({ conversion: conversion(2) })).toBeUndefined();
    expect(batcher.add({ conversion: conversion(3) })?.map((i) => i.conversion.conversion_id)).toEqual([
      "order-1",
      "order-2",
    ]);
    expect(batcher.flush()?.map((i) => i.conversion.conversion_id)).toEqual(["order-3"]);
    expect(batcher.flush()).toBeUndefined();
  });
});

describe("buildConversionsRequest", () => {
  it("wraps the conversions in X's body", () => {
    expect(buildConversionsRequest([{ conversion: conversion(1) }])).toEqual({ conversions: [conversion(1)] });
  });
});
