import { createHash } from "node:crypto";

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** SHA-256 of the UTF-8 bytes, lowercase hex: the only form X's examples use (x-ads-api.md §2). */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A 64-character hex string is taken as an existing SHA-256 digest (the rule X's GTM tag uses),
 * which is what keeps Sluice from ever hashing a hash. */
export function isSha256Hex(text: string): boolean {
  return SHA256_HEX.test(text);
}
