import { expect, test } from "vitest";
import { SentKeyFilter } from "./sent-key-filter";

test("every key added is reported as maybe there; keys never added almost never are", () => {
  const filter = new SentKeyFilter();
  const added = Array.from({ length: 200_000 }, (_, i) => `ORD-${i}`);
  for (const key of added) filter.add(key);
  expect(added.every((key) => filter.mightContain(key))).toBe(true);
  const others = Array.from({ length: 200_000 }, (_, i) => `ORD-${i + 1_000_000}`);
  const falsePositives = others.filter((key) => filter.mightContain(key)).length;
  // Expected about 0.2 at this fill; anything near a percent would mean broken hashing.
  expect(falsePositives).toBeLessThan(20);
});

test("keys that differ in one character, or in non-ASCII characters, are told apart", () => {
  const filter = new SentKeyFilter();
  filter.add("order-ü-1");
  expect(filter.mightContain("order-ü-1")).toBe(true);
  expect(["order-u-1", "order-ü-2", "order-ü-1 ", "ORDER-Ü-1"].filter((key) => filter.mightContain(key))).toEqual([]);
});
