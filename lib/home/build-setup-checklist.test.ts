import { describe, expect, it } from "vitest";
import { buildSetupChecklist } from "./build-setup-checklist";
import type { SetupFacts } from "./read-setup-facts";

const fresh: SetupFacts = {
  hasXConnection: false,
  hasSource: false,
  readyDestination: null,
  draftDestination: null,
  hasRun: false,
};
const ticks = (facts: SetupFacts) => buildSetupChecklist(facts, "OWNER").items.map((item) => [item.key, item.done]);

describe("buildSetupChecklist", () => {
  it("starts with nothing done, pointing at connecting X", () => {
    const list = buildSetupChecklist(fresh, "OWNER");
    expect(list).toMatchObject({ doneCount: 0, nextKey: "connect", complete: false });
    expect(list.items.map((item) => item.action?.href ?? null)).toEqual([
      "/destinations/connections",
      "/sources/new",
      "/destinations/new",
      null,
    ]);
    expect(list.items[3]!.note).toBe("Once a destination is set up, run it from its page.");
  });

  it("ticks each step from the facts and points at the first one not done", () => {
    expect(buildSetupChecklist({ ...fresh, hasSource: true }, "OWNER")).toMatchObject({
      doneCount: 1,
      nextKey: "connect",
    });
    expect(ticks({ ...fresh, hasXConnection: true, hasSource: true })).toEqual([
      ["connect", true],
      ["source", true],
      ["destination", false],
      ["run", false],
    ]);
    const ready = {
      ...fresh,
      hasXConnection: true,
      hasSource: true,
      readyDestination: { id: "d1", name: "Store purchases" },
    };
    const list = buildSetupChecklist(ready, "EDITOR");
    expect(list).toMatchObject({ doneCount: 3, nextKey: "run", complete: false });
    expect(list.items[3]!.action).toEqual({ label: "Open Store purchases", href: "/destinations/d1" });
    expect(buildSetupChecklist({ ...ready, hasRun: true }, "OWNER")).toMatchObject({
      doneCount: 4,
      nextKey: null,
      complete: true,
    });
  });

  it("sends a half-finished destination back to its setup", () => {
    const list = buildSetupChecklist(
      { ...fresh, hasXConnection: true, hasSource: true, draftDestination: { id: "d2", name: "Outlet leads" } },
      "OWNER",
    );
    expect(list.items[2]).toMatchObject({
      done: false,
      action: { label: "Finish setting up Outlet leads", href: "/destinations/d2/setup" },
    });
  });

  it("offers only what the role may do, and says who can do the rest", () => {
    const editor = buildSetupChecklist(fresh, "EDITOR");
    expect(editor.items[0]).toMatchObject({ action: null, note: "An owner connects X for everyone." });
    expect(editor.items[1]!.action?.href).toBe("/sources/new");
    const viewer = buildSetupChecklist(fresh, "VIEWER");
    expect(viewer.items.slice(0, 3).map((item) => [item.action, item.note])).toEqual([
      [null, "An owner connects X for everyone."],
      [null, "An editor or owner does this."],
      [null, "An editor or owner does this."],
    ]);
  });
});
