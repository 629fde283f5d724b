import { describe, expect, it } from "vitest";
import { describeAccess } from "./describe-access";

describe("describeAccess", () => {
  it("allows account admins and ad managers, naming the strongest role", () => {
    expect(describeAccess(["TWEET_COMPOSER", "ACCOUNT_ADMIN"])).toEqual({
      level: "Account admin",
      canSendConversions: true,
      reason: null,
    });
    expect(describeAccess(["AD_MANAGER"])).toMatchObject({ level: "Ad manager", canSendConversions: true });
  });

  it("refuses every other role with the reason", () => {
    const analyst = describeAccess(["ANALYST"]);
    expect(analyst.canSendConversions).toBe(false);
    expect(analyst.reason).toContain("Your role here is Analyst");
    expect(analyst.reason).toContain("Ad manager or Account admin");
    expect(describeAccess(["CREATIVE_MANAGER", "TWEET_COMPOSER"]).level).toBe("Creative manager");
    expect(describeAccess([])).toMatchObject({ level: "No role", canSendConversions: false });
  });
});
