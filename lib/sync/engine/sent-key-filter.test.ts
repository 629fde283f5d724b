import { expect, test } from "vitest";
import { SentKeyFilter } from "./sent-key-filter";

test("every key added is reported as maybe there; keys never added almost never are", () => {
  const filter = new SentKeyFilter();
  const added = Array.from({ length: 200_000 }, (_, i) => `ORD-${i}`);
  for (const key of added) filter.add(key);
  expect(added.every((key) => filter.mightContain(key))).toBe(true);
  const others = Array.from({ length: 200_000 }, (_, i) => `ORD-${i + 1_000_000}`);
  const falsePositives = others.filter((key) => filter.mightContain(key)).length;
  // Under 1% by design (0.7% here: each layer filled to 16 bits a key); broken hashing, or
  // layers that never grow, would say "maybe" to most keys.
  expect(falsePositives).toBeLessThan(2_000);
});

test("it grows with the keys: a few KiB for a small run, a few MiB for a million", () => {
  const small = new SentKeyFilter();
  for (let i = 0; i < 3_000; i += 1) small.add(`ORD-${i}`);
  expect(small.bytes).toBeLessThanOrEqual(48 * 1024);
  const large = new SentKeyFilter();
  const keys = Array.from({ length: 1_000_000 }, (_, i) => `ORD-${i}`);
  for (const key of keys) large.add(key);
  expect(large.bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
  expect(keys.every((key) => large.mightContain(key))).toBe(true);
  const others = Array.from({ length: 100_000 }, (_, i) => `ORD-${i + 5_000_000}`);
  expect(others.filter((key) => large.mightContain(key)).length).toBeLessThan(1_000);
});

test("keys that differ in one character, or in non-ASCII characters, are told apart", () => {
  const filter = new SentKeyFilter();
  filter.add("order-ü-1");
  expect(filter.mightContain("order-ü-1")).toBe(true);
  expect(["order-u-1", "order-ü-2", "order-ü-1 ", "ORDER-Ü-1"].filter((key) => filter.mightContain(key))).toEqual([]);
});
