import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./keyset-cursor";

describe("keyset cursors", () => {
  it("round-trip a position", () => {
    const position = { createdAt: new Date("2026-11-28T10:00:00.123Z"), id: "ckabc" };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });
  it("treat garbage as the first page", () => {
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor("")).toBeNull();
    expect(decodeCursor(null)).toBeNull();
  });
});
