import { beforeEach, describe, expect, it } from "vitest";
import type { XResult, XWebEventTag } from "@/lib/x-ads/index";
import { EVENT_TAG_CACHE_MS, EventTagCheck, forgetEventTagListings } from "./event-tag-check";

const tag = (id: string, deleted = false): XWebEventTag => ({
  id,
  name: id,
  type: "PURCHASE",
  status: "TRACKING",
  pixelId: "o8z6j",
  clickWindow: 30,
  viewThroughWindow: 1,
  deleted,
  lastTrackedAt: null,
});

/** X's listing as a function of the test's own tags, counting how often it is asked. */
function xTags(initial: XWebEventTag[]) {
  const state = { tags: initial, calls: 0, fail: false };
  const list = async (): Promise<XResult<XWebEventTag[]>> => {
    state.calls += 1;
    if (state.fail)
      return {
        kind: "retryable",
        reason: "server_error",
        status: 503,
        retryAt: null,
        message: "X answered HTTP 503",
        debugId: null,
        rateLimit: null,
      };
    return { kind: "ok", value: [...state.tags], rateLimit: null };
  };
  return { state, source: { key: "conn:acct", list } };
}

beforeEach(() => forgetEventTagListings());

describe("EventTagCheck", () => {
  it("passes the account's active events and names what is wrong with the others", async () => {
    const { source } = xTags([tag("o87ne"), tag("o87nj", true)]);
    const verdicts = await new EventTagCheck(source).check(["o87ne", "o87nj", "p3aa1", "o8z6j", "o87ne"]);
    expect(Object.fromEntries(verdicts)).toEqual({
      o87ne: null,
      o87nj: "event o87nj was deleted at X, which refuses conversions for it",
      p3aa1: "event p3aa1 is not an event of this ad account at X (unknown, deleted or another account's)",
      o8z6j: "o8z6j is the pixel's id, not one of its events",
    });
  });

  it("asks X once per run when its own listing is fresh, even for many unknown values", async () => {
    const { source, state } = xTags([tag("o87ne")]);
    const check = new EventTagCheck(source);
    await Promise.all([check.check(["a1"]), check.check(["a2"])]);
    await check.check(["a3", "o87ne"]);
    expect(state.calls).toBe(1);
  });

  it("reuses the worker's listing, but refreshes it once before calling a new value unknown", async () => {
    let now = 1_000_000;
    const { source, state } = xTags([tag("o87ne")]);
    await new EventTagCheck(source, () => now).check(["o87ne"]);
    expect(state.calls).toBe(1);

    // The next run: known values need no request; a tag created at X since is found by one refresh.
    state.tags = [tag("o87ne"), tag("newtag")];
    const run = new EventTagCheck(source, () => now);
    expect((await run.check(["o87ne"])).get("o87ne")).toBeNull();
    expect(state.calls).toBe(1);
    expect((await run.check(["newtag", "zzz"])).get("newtag")).toBeNull();
    expect((await run.check(["zzz2"])).get("zzz2")).toMatch(/not an event of this ad account/);
    expect(state.calls).toBe(2);

    // Past the cache's lifetime, a run lists afresh.
    now += EVENT_TAG_CACHE_MS;
    await new EventTagCheck(source, () => now).check(["o87ne"]);
    expect(state.calls).toBe(3);
  });

  it("lets X judge when the tags cannot be listed", async () => {
    const { source, state } = xTags([tag("o87ne")]);
    state.fail = true;
    const verdicts = await new EventTagCheck(source).check(["o87ne", "p3aa1"]);
    expect([...verdicts.values()]).toEqual([null, null]);
  });
});
