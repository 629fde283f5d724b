import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSecretBox, openOrNull } from "./secret-box";

describe("createSecretBox", () => {
  const box = createSecretBox(randomBytes(32));

  it("round-trips any string and never stores the plaintext", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), (secret) => {
        const sealed = box.seal(secret);
        expect(box.open(sealed)).toBe(secret);
        expect(sealed).not.toContain(secret);
      }),
    );
  });

  it("seals the same value differently each time (fresh IV)", () => {
    expect(box.seal("token")).not.toBe(box.seal("token"));
  });

  it("refuses a tampered value and a wrong key", () => {
    const sealed = box.seal("oauth-token-secret");
    const parts = sealed.split(".");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([parts[0], parts[1], parts[2], flipped.toString("base64url")].join("."))).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow();
    expect(() => box.open("plaintext")).toThrow(/Not a sealed secret/);
  });

  it("openOrNull: the secret, or null for a wrong key, a tampered value or plain text", () => {
    const sealed = box.seal("oauth-token");
    expect(openOrNull(box, sealed)).toBe("oauth-token");
    expect(openOrNull(createSecretBox(randomBytes(32)), sealed)).toBeNull();
    const [version, iv, tag, ciphertext] = sealed.split(".");
    const otherTag = `${tag!.startsWith("A") ? "B" : "A"}${tag!.slice(1)}`;
    expect(openOrNull(box, [version, iv, otherTag, ciphertext].join("."))).toBeNull();
    expect(openOrNull(box, "plaintext")).toBeNull();
    expect(openOrNull(box, "")).toBeNull();
  });

  it("insists on a 256-bit key", () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
