import { createHash, randomBytes } from "node:crypto";

// A token is "slc_" and 32 random bytes (base64url): the prefix lets secret scanners and people
// recognise one. 256 random bits need no slow hash: SHA-256 alone cannot be reversed or guessed.
export const API_TOKEN_PREFIX = "slc_";
const SECRET_PATTERN = /^slc_[A-Za-z0-9_-]{43}$/;
const HINT_LENGTH = API_TOKEN_PREFIX.length + 6;

export function generateApiTokenSecret(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function isApiTokenSecretShaped(value: string): boolean {
  return SECRET_PATTERN.test(value);
}

export function hashApiTokenSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** The first characters, shown in the token list to tell tokens apart (36 of 256 bits). */
export function apiTokenHint(secret: string): string {
  return `${secret.slice(0, HINT_LENGTH)}…`;
}
