import { expect, test } from "vitest";
import { safeRowKey } from "./problem-buffer";

test("an e-mail used as a row key is stored as a digest, never as the address", () => {
  expect(safeRowKey("ORD-1")).toBe("ORD-1");
  expect(safeRowKey(null)).toBeNull();
  const key = safeRowKey("Jane.Doe@example.com");
  expect(key).toMatch(/^sha256:[0-9a-f]{16}$/);
  expect(key).toBe(safeRowKey("Jane.Doe@example.com"));
  expect(key).not.toContain("example");
});

test("when the row key is a customer's e-mail or phone (by the mapping), every key is stored as a digest", () => {
  const key = safeRowKey("+1 (415) 555-2671", true);
  expect(key).toMatch(/^sha256:[0-9a-f]{16}$/);
  expect(key).toBe(safeRowKey("+1 (415) 555-2671", true));
  expect(safeRowKey("+1 (415) 555-2671")).toBe("+1 (415) 555-2671");
});
