import { expect, test } from "vitest";
import { displayCell } from "./preview-source";

test("cells are shown as text: null stays null, dates in ISO form, JSON as JSON, long values cut", () => {
  expect(displayCell(null)).toBeNull();
  expect(displayCell(undefined)).toBeNull();
  expect(displayCell(19.9)).toBe("19.9");
  expect(displayCell(false)).toBe("false");
  expect(displayCell(new Date("2026-11-01T12:00:00Z"))).toBe("2026-11-01T12:00:00.000Z");
  expect(displayCell(new Date("nope"))).toBe("Invalid date");
  expect(displayCell({ a: [1, "b"] })).toBe('{"a":[1,"b"]}');
  const long = displayCell("x".repeat(1000));
  expect(long).toHaveLength(301);
  expect(long?.endsWith("…")).toBe(true);
});
