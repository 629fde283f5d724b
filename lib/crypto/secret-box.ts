import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Secrets at rest (X tokens, source connection strings) are sealed with AES-256-GCM: a fresh
// 96-bit IV per value, and the 128-bit tag authenticates the ciphertext, so a tampered or
// wrong-key value fails loudly instead of decrypting to garbage.
const VERSION = "v1";

export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** The secret, or null when it does not open with this box's key (sealed with another key, or
 * not a sealed value at all): for callers that tell the person what to do about it. */
export function openOrNull(box: SecretBox, sealed: string): string | null {
  try {
    return box.open(sealed);
  } catch {
    return null;
  }
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error("The encryption key must be 32 bytes.");
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [
        VERSION,
        iv.toString("base64url"),
        cipher.getAuthTag().toString("base64url"),
        ciphertext.toString("base64url"),
      ].join(".");
    },
    open(sealed) {
      const [version, iv, tag, ciphertext] = sealed.split(".");
      if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("Not a sealed secret.");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}
