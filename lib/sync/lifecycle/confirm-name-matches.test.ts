import { describe, expect, it } from "vitest";
import { confirmNameMatches } from "./confirm-name-matches";

describe("confirmNameMatches", () => {
  it("accepts the name typed with -> for →, other case or spacing", () => {
    expect(confirmNameMatches("Store purchases → X", "Store purchases → X")).toBe(true);
    expect(confirmNameMatches("Store purchases -> X", "Store purchases → X")).toBe(true);
    expect(confirmNameMatches("  store PURCHASES  ->  x ", "Store purchases → X")).toBe(true);
  });

  it("refuses another name, part of it, or nothing", () => {
    expect(confirmNameMatches("Store purchases", "Store purchases → X")).toBe(false);
    expect(confirmNameMatches("Outlet purchases -> X", "Store purchases → X")).toBe(false);
    expect(confirmNameMatches("", "")).toBe(false);
    expect(confirmNameMatches("Store purchases - X", "Store purchases → X")).toBe(false);
  });
});
