import bcrypt from "bcryptjs";

// bcrypt with cost 12 (~250 ms here): slow enough to make offline guessing expensive, fast
// enough for a sign-in. bcrypt reads at most 72 bytes, so longer passwords are refused by the
// form schema rather than silently truncated.
const COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A real hash to compare against when the e-mail is unknown, so response time does not reveal
 * which e-mails have accounts. */
export const TIMING_DECOY_HASH = "$2b$12$vuCPkaQH9ZqkKmtJtkLtzODkHC6GqrYsQ3eiiSzpl9WoFblITpyge";
