// What a new password must be (issue 20): long enough that guessing it online is hopeless, not one
// of the passwords attackers try first, and not the e-mail address everyone can see. No rules about
// digits or symbols: they make passwords harder to remember without making them harder to guess.
// Client-safe; the list of common passwords is read on the server only (common-passwords.ts).

export const MIN_PASSWORD_LENGTH = 12;
/** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut. */
export const MAX_PASSWORD_BYTES = 72;

export const PASSWORD_MESSAGES = {
  tooShort: `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
  tooLong: `Use at most ${MAX_PASSWORD_BYTES} bytes (bcrypt's limit).`,
  blank: "The password cannot be only spaces.",
  common: "This is one of the most common passwords, which attackers try first. Choose another.",
  email: "The password cannot be your e-mail address.",
} as const;

/** What a password field says under it. */
export const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters; not a common password, nor the e-mail address. A few unrelated words make a good one.`;

export const passwordBytes = (value: string) => new TextEncoder().encode(value).length;

/** True when the password is the e-mail address, or the part before its @, whatever the case and
 * surrounding spaces. */
export function isPasswordEmail(password: string, email: string): boolean {
  const typed = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  const local = address.split("@")[0] ?? "";
  return typed === address || (local.length > 0 && typed === local);
}
