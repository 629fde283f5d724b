import { describe, expect, it } from "vitest";
import { signInErrorMessage } from "./sign-in-error-message";
import { SSO_REFUSAL_MESSAGES } from "./sso-sign-in-decision";

describe("signInErrorMessage", () => {
  it("explains Sluice's own SSO refusals", () => {
    expect(signInErrorMessage("sso_domain_not_allowed")).toBe(SSO_REFUSAL_MESSAGES.domain_not_allowed);
    expect(signInErrorMessage("sso_disabled")).toBe("This account is disabled. Ask an owner to enable it.");
  });

  it("explains next-auth's codes, and never repeats an unknown one", () => {
    expect(signInErrorMessage("OAuthCallback")).toMatch(/^Single sign-on did not complete/);
    expect(signInErrorMessage("<script>alert(1)</script>")).toBe("Sign-in did not complete. Try again.");
    expect(signInErrorMessage("sso_toString")).toBe("Sign-in did not complete. Try again.");
  });

  it("is null without a code", () => {
    expect(signInErrorMessage(undefined)).toBeNull();
    expect(signInErrorMessage(["a", "b"])).toBeNull();
  });
});
