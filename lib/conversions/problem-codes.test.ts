import { describe, expect, it } from "vitest";
import { PROBLEM_CODES, isProblemCode, problemLabel } from "./problem-codes";

describe("the problem code registry", () => {
  it("gives every code one label, and no two codes the same label", () => {
    const labels = Object.values(PROBLEM_CODES).map((entry) => entry.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const label of labels) expect(label.trim()).not.toBe("");
  });

  it("labels registered codes and shows X's own codes as they are", () => {
    expect(problemLabel("identifier_missing")).toBe("No twclid, email or phone");
    expect(problemLabel("INVALID_PARAMETER")).toBe("INVALID_PARAMETER");
    expect(isProblemCode("constructor")).toBe(false);
    expect(problemLabel("toString")).toBe("toString");
  });
});
