import { describe, expect, it } from "vitest";
import { furthestStep, isStepComplete, resumeStep, wizardStepStates, type WizardProgress } from "./wizard-steps";

const empty: WizardProgress = {
  status: "DRAFT",
  wizardStep: null,
  connection: null,
  adAccountId: null,
  pixelId: null,
  eventId: null,
  sourceId: null,
  hasMapping: false,
};
const mapped: WizardProgress = {
  ...empty,
  wizardStep: "mapping",
  connection: { kind: "OAUTH", revoked: false },
  adAccountId: "18ce54d4x5t",
  pixelId: "o8z6j",
  eventId: "o87ne",
  sourceId: "src",
  hasMapping: true,
};

describe("wizard progress", () => {
  it("starts at the connection step, with only it reachable", () => {
    expect(resumeStep(empty)).toBe("connection");
    expect(
      wizardStepStates(empty)
        .filter((s) => s.reachable)
        .map((s) => s.key),
    ).toEqual(["connection"]);
  });

  it("resumes at the first incomplete step and opens every step up to it", () => {
    expect(resumeStep(mapped)).toBe("preview");
    const states = wizardStepStates(mapped);
    expect(states.find((s) => s.key === "preview")).toMatchObject({ reachable: true, complete: false });
    expect(states.find((s) => s.key === "schedule")).toMatchObject({ reachable: false });
  });

  it("treats a revoked connection as incomplete, closing the later steps", () => {
    const revoked = { ...mapped, connection: { kind: "OAUTH" as const, revoked: true } };
    expect(resumeStep(revoked)).toBe("connection");
    expect(
      wizardStepStates(revoked)
        .filter((s) => s.reachable)
        .map((s) => s.key),
    ).toEqual(["connection"]);
  });

  it("lets a pixel-token connection skip the ad account", () => {
    expect(isStepComplete({ ...empty, connection: { kind: "PIXEL_TOKEN", revoked: false } }, "account")).toBe(true);
    expect(isStepComplete({ ...empty, connection: { kind: "OAUTH", revoked: false } }, "account")).toBe(false);
  });

  it("counts a saved (non-draft) destination as through the preview and schedule", () => {
    const active = { ...mapped, status: "ACTIVE" as const };
    expect(resumeStep(active)).toBe("schedule");
    expect(wizardStepStates(active).every((s) => s.complete && s.reachable)).toBe(true);
  });

  it("keeps the furthest step", () => {
    expect(furthestStep("mapping", "account")).toBe("mapping");
    expect(furthestStep("account", "mapping")).toBe("mapping");
    expect(furthestStep(null, "source")).toBe("source");
    expect(furthestStep("nonsense", "source")).toBe("source");
  });
});
