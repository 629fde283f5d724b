import { describe, expect, test } from "vitest";
import { scopeCovers } from "./api-token-scopes";
import { apiTokenHint, generateApiTokenSecret, hashApiTokenSecret, isApiTokenSecretShaped } from "./api-token-secret";

describe("API token secrets", () => {
  test("are slc_ and 256 random bits, different every time, and recognised by shape", () => {
    const secrets = Array.from({ length: 50 }, generateApiTokenSecret);
    expect(new Set(secrets).size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^slc_[A-Za-z0-9_-]{43}$/);
      expect(isApiTokenSecretShaped(secret)).toBe(true);
    }
    for (const wrong of [
      "",
      "slc_",
      `slc_${"a".repeat(42)}`,
      `slc_${"a".repeat(44)}`,
      `SLC_${"a".repeat(43)}`,
      `slc_${"a".repeat(42)}=`,
      `slc_${"a".repeat(42)}\n`,
    ]) {
      expect(isApiTokenSecretShaped(wrong), JSON.stringify(wrong)).toBe(false);
    }
  });

  test("are stored as their SHA-256, and shown again only as a hint too short to guess from", () => {
    const secret = "slc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    // sha256 of that exact string, as `printf %s … | sha256sum` gives it.
    expect(hashApiTokenSecret(secret)).toBe("6b37c271e056821fede0e77ac3b0402dafb7299c8262d9c25e295c1236acb8dc");
    expect(hashApiTokenSecret(secret)).not.toBe(hashApiTokenSecret(`${secret.slice(0, -1)}B`));
    expect(apiTokenHint(secret)).toBe("slc_AAAAAA…");
  });

  test("scopes nest: read within run within admin", () => {
    expect(scopeCovers("ADMIN", "RUN")).toBe(true);
    expect(scopeCovers("RUN", "READ")).toBe(true);
    expect(scopeCovers("RUN", "ADMIN")).toBe(false);
    expect(scopeCovers("READ", "RUN")).toBe(false);
  });
});
