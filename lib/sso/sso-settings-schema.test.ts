import { describe, expect, it } from "vitest";
import { allowedDomainsSchema, ssoSettingsSchema } from "./sso-settings-schema";

const valid = {
  enabled: "on",
  issuerUrl: "https://login.example.com/",
  clientId: "sluice",
  clientSecret: "s3cret",
  allowedDomains: "example.com",
  newUserRole: "VIEWER",
};

function fieldErrors(input: Record<string, unknown>) {
  const result = ssoSettingsSchema.safeParse(input);
  return result.success
    ? {}
    : Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
}

describe("ssoSettingsSchema", () => {
  it("parses the form: trailing slash dropped, blank secret kept as undefined", () => {
    expect(ssoSettingsSchema.parse(valid)).toEqual({
      enabled: true,
      issuerUrl: "https://login.example.com",
      clientId: "sluice",
      clientSecret: "s3cret",
      allowedDomains: ["example.com"],
      newUserRole: "VIEWER",
    });
    expect(ssoSettingsSchema.parse({ ...valid, clientSecret: "   " }).clientSecret).toBeUndefined();
    expect(ssoSettingsSchema.parse({ ...valid, enabled: "" }).enabled).toBe(false);
  });

  it("puts each mistake on its own field", () => {
    expect(fieldErrors({ ...valid, issuerUrl: "" })).toEqual({
      issuerUrl: "Enter your identity provider's issuer URL.",
    });
    expect(fieldErrors({ ...valid, issuerUrl: "ftp://login.example.com" }).issuerUrl).toMatch(/starts with https:\/\//);
    expect(fieldErrors({ ...valid, issuerUrl: "https://login.example.com/?tenant=1" }).issuerUrl).toMatch(/no query/);
    expect(fieldErrors({ ...valid, clientId: " " })).toEqual({
      clientId: "Enter the client id your identity provider gave Sluice.",
    });
    expect(fieldErrors({ ...valid, newUserRole: "ADMIN" })).toEqual({ newUserRole: "Choose a role." });
  });

  it("needs a domain when SSO is on, not when it is off", () => {
    expect(fieldErrors({ ...valid, allowedDomains: "" })).toEqual({
      allowedDomains: "Name at least one e-mail domain whose people may sign in by SSO.",
    });
    expect(fieldErrors({ ...valid, enabled: "", allowedDomains: "" })).toEqual({});
  });
});

describe("allowedDomainsSchema", () => {
  it("splits on commas, spaces and lines; lower-cases; drops @ and repeats", () => {
    expect(allowedDomainsSchema.parse("Example.com, @example.co.uk\nexample.com;sub.example.org.")).toEqual([
      "example.com",
      "example.co.uk",
      "sub.example.org",
    ]);
  });

  it("names what is not a domain", () => {
    const result = allowedDomainsSchema.safeParse("example.com, localhost, ada@example.com, *.example.com");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      "Not a domain: localhost, ada@example.com, *.example.com. Write domains like example.com, separated by commas.",
    );
  });
});
