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
