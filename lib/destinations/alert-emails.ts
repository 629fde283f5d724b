import { z } from "zod";

/** Addresses one destination may alert by e-mail. */
export const MAX_ALERT_EMAILS = 10;

const email = z.email();

/**
 * The schedule step's "E-mail alerts to" field: addresses separated by commas, semicolons,
 * spaces or new lines, each checked, duplicates dropped (case-insensitively). Empty is none.
 */
export function parseAlertEmails(text: string): { ok: true; emails: string[] } | { ok: false; message: string } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const seen = new Set<string>();
  const emails: string[] = [];
  for (const part of parts) {
    if (!email.safeParse(part).success)
      return { ok: false, message: `“${part.slice(0, 80)}” is not an e-mail address. Separate addresses with commas.` };
    if (seen.has(part.toLowerCase())) continue;
    seen.add(part.toLowerCase());
    emails.push(part);
  }
  if (emails.length > MAX_ALERT_EMAILS)
    return { ok: false, message: `Up to ${MAX_ALERT_EMAILS} addresses; use a mailing list for more.` };
  return { ok: true, emails };
}
