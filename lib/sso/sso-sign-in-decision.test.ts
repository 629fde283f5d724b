import { describe, expect, it } from "vitest";
import { decideSsoSignIn, emailOfClaims, isEmailDomainAllowed } from "./sso-sign-in-decision";

const settings = { allowedDomains: ["example.com", "example.co.uk"], newUserRole: "EDITOR" as const };

describe("isEmailDomainAllowed", () => {
  it("matches the domain exactly, in any case", () => {
    expect(isEmailDomainAllowed("ada@example.com", settings.allowedDomains)).toBe(true);
    expect(isEmailDomainAllowed("ada@EXAMPLE.co.UK", settings.allowedDomains)).toBe(true);
  });

  it("refuses subdomains, look-alikes and other domains", () => {
    for (const email of [
      "ada@sub.example.com",
      "ada@example.com.evil.test",
      "ada@notexample.com",
      "ada@example.org",
      "example.com",
      "@example.com",
    ]) {
      expect(isEmailDomainAllowed(email, settings.allowedDomains), email).toBe(false);
    }
  });

  it("takes the domain after the last @ (a quoted local part may hold one)", () => {
    expect(isEmailDomainAllowed('"ada@example.com"@evil.test', settings.allowedDomains)).toBe(false);
  });

  it("allows nobody when no domain is listed", () => {
    expect(isEmailDomainAllowed("ada@example.com", [])).toBe(false);
  });
});

describe("decideSsoSignIn", () => {
  it("creates a new user of an allowed domain with the configured role and their name", () => {
    expect(
      decideSsoSignIn(
        { sub: "1", email: " Ada@Example.com ", email_verified: true, name: "Ada Lovelace" },
        settings,
        null,
      ),
    ).toEqual({
      kind: "create",
      email: "ada@example.com",
      name: "Ada Lovelace",
      role: "EDITOR",
    });
  });

  it("names a new user after their e-mail when the provider sends no name", () => {
    expect(decideSsoSignIn({ sub: "1", email: "ada@example.com" }, settings, null)).toMatchObject({
      kind: "create",
      name: "ada",
    });
  });

  it("refuses a domain that is not allowed, for new and existing users alike", () => {
    const claims = { sub: "1", email: "eve@elsewhere.test", email_verified: true };
    expect(decideSsoSignIn(claims, settings, null)).toEqual({
      kind: "refuse",
      reason: "domain_not_allowed",
      email: "eve@elsewhere.test",
    });
    expect(decideSsoSignIn(claims, settings, { id: "u1", disabled: false })).toMatchObject({
      kind: "refuse",
      reason: "domain_not_allowed",
    });
  });

  it("lets an existing user in, and refuses a disabled one", () => {
    const claims = { sub: "1", email: "ada@example.com", email_verified: true };
    expect(decideSsoSignIn(claims, settings, { id: "u1", disabled: false })).toEqual({
      kind: "existing",
      userId: "u1",
    });
    expect(decideSsoSignIn(claims, settings, { id: "u1", disabled: true })).toEqual({
      kind: "refuse",
      reason: "disabled",
      email: "ada@example.com",
    });
  });

  it("requires email_verified when the provider sends it", () => {
    for (const verified of [false, "false", 0, null]) {
      expect(
        decideSsoSignIn({ sub: "1", email: "ada@example.com", email_verified: verified }, settings, {
          id: "u1",
          disabled: false,
        }),
        String(verified),
      ).toMatchObject({
        kind: "refuse",
        reason: "unverified_email",
      });
    }
    expect(
      decideSsoSignIn({ sub: "1", email: "ada@example.com", email_verified: "true" }, settings, null),
    ).toMatchObject({ kind: "create" });
  });

  it("refuses a sign-in without an e-mail", () => {
    for (const email of [undefined, "", "not an address", 42]) {
      expect(decideSsoSignIn({ sub: "1", email }, settings, null), String(email)).toEqual({
        kind: "refuse",
        reason: "no_email",
        email: null,
      });
    }
  });
});

describe("emailOfClaims", () => {
  it("trims and lower-cases", () => {
    expect(emailOfClaims({ sub: "1", email: "  ADA@example.COM " })).toBe("ada@example.com");
  });
});
