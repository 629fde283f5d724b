import { describe, expect, test } from "vitest";
import { generateDemoConversions } from "./generate-demo-conversions";

const endAt = new Date("2026-11-01T12:00:00Z");
const rows = generateDemoConversions({ rows: 500, seed: 7, endAt });

describe("generateDemoConversions", () => {
  test("is deterministic for a seed and end time, and differs across seeds", () => {
    expect(generateDemoConversions({ rows: 500, seed: 7, endAt })).toEqual(rows);
    expect(generateDemoConversions({ rows: 500, seed: 8, endAt })).not.toEqual(rows);
  });

  test("order ids are unique", () => {
    expect(new Set(rows.map((row) => row.order_id)).size).toBe(500);
  });

  test("emails arrive as people type them: stray spaces, capitals, some already hashed", () => {
    const emails = rows.map((row) => row.email).filter((email): email is string => email !== null);
    expect(emails.some((email) => email !== email.trim())).toBe(true);
    expect(emails.some((email) => /[A-Z]/.test(email))).toBe(true);
    expect(emails.filter((email) => /^[0-9a-f]{64}$/.test(email)).length).toBeGreaterThan(20);
  });

  test("phones are in national formats from several countries, with the country alongside", () => {
    expect(new Set(rows.map((row) => row.country)).size).toBeGreaterThanOrEqual(5);
    const phones = rows.filter((row) => row.phone !== null).map((row) => row.phone as string);
    expect(phones.some((phone) => /^\(\d{3}\) 555-01\d{2}$/.test(phone))).toBe(true);
    expect(phones.some((phone) => /^020 7946 0\d{3}$/.test(phone))).toBe(true);
    expect(phones.some((phone) => /^0\d0-\d{4}-\d{4}$/.test(phone))).toBe(true);
  });

  test("some rows carry a twclid; IP address and user agent come as a pair", () => {
    expect(rows.filter((row) => row.twclid !== null).length).toBeGreaterThan(50);
    expect(rows.every((row) => (row.ip_address === null) === (row.user_agent === null))).toBe(true);
    expect(rows.some((row) => row.ip_address?.includes(":"))).toBe(true);
  });

  test("values, currencies and order times are plausible", () => {
    const from = endAt.getTime() - 7 * 24 * 60 * 60 * 1000;
    for (const row of rows) {
      expect(row.value).toBeGreaterThan(0);
      if (row.currency === "JPY") expect(Number.isInteger(row.value)).toBe(true);
      if (row.ordered_at) expect(row.ordered_at.getTime()).toBeGreaterThanOrEqual(from);
      if (row.ordered_at) expect(row.ordered_at.getTime()).toBeLessThanOrEqual(endAt.getTime());
    }
  });

  test("a few rows are deliberately bad: no order time, an impossible phone, a malformed email", () => {
    const atPosition = (position: number) => rows.filter((_, index) => (index + 1) % 50 === position);
    expect(atPosition(7).every((row) => row.ordered_at === null)).toBe(true);
    expect(atPosition(13).every((row) => row.phone !== null && row.phone.replace(/\D/g, "").length <= 5)).toBe(true);
    expect(atPosition(19).every((row) => row.email !== null && !/^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(row.email))).toBe(
      true,
    );
    expect(rows.filter((row) => row.ordered_at === null)).toHaveLength(10);
  });

  test("even a small demo holds each kind of bad row", () => {
    const small = generateDemoConversions({ rows: 20, endAt });
    expect(small[6]?.ordered_at).toBeNull();
    expect(small[12]?.phone?.replace(/\D/g, "").length).toBeLessThanOrEqual(5);
    expect(small[18]?.email).not.toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/i);
  });
});
