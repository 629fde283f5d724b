import { expect, test } from "vitest";
import { contentSecurityPolicy, createNonce } from "./content-security-policy";

const scriptSrc = (policy: string) => policy.split("; ").find((directive) => directive.startsWith("script-src "));

test("pages allow scripts by nonce, never 'unsafe-inline'; other responses allow only same-origin files", () => {
  expect(scriptSrc(contentSecurityPolicy({ nonce: "abc" }))).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
  expect(scriptSrc(contentSecurityPolicy())).toBe("script-src 'self'");
  expect(scriptSrc(contentSecurityPolicy({ nonce: "abc", development: true }))).toBe(
    "script-src 'self' 'nonce-abc' 'strict-dynamic' 'unsafe-eval'",
  );
  for (const policy of [contentSecurityPolicy({ nonce: "abc" }), contentSecurityPolicy()]) {
    expect(scriptSrc(policy)).not.toContain("unsafe-inline");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
  }
});

test("nonces are 128 random bits in base64, a new one each time", () => {
  const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
  expect(nonces.size).toBe(100);
  for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
});
