import { z } from "zod";
import { ROLES } from "../auth/roles";
import { storableText } from "../validation/storable-text";

// The SSO settings form's schema, shared by the form and its action (conventions.md §3).
// Client-safe: no server imports.

/** A DNS name of at least two labels, lower-cased: what may follow the @ of an e-mail address. */
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The allowed e-mail domains as typed (commas, spaces or new lines between them), lower-cased,
 * a leading "@" dropped, each once. Bad entries are named in the error. */
export const allowedDomainsSchema = z.string().transform((text, context) => {
  const entries = text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim().toLowerCase().replace(/^@/, "").replace(/\.$/, ""))
    .filter(Boolean);
  const bad = entries.filter((entry) => !DOMAIN.test(entry));
  if (bad.length > 0) {
    context.addIssue({
      code: "custom",
      message: `Not a domain: ${bad.slice(0, 3).join(", ")}. Write domains like example.com, separated by commas.`,
    });
    return z.NEVER;
  }
  if (entries.length > 50) {
    context.addIssue({ code: "custom", message: "Use at most 50 domains." });
    return z.NEVER;
  }
  return [...new Set(entries)];
});

const checkbox = z
  .union([z.boolean(), z.enum(["on", "true", "false", ""])])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true");

/** An issuer URL as OpenID Connect Discovery names it: https (or http for a local test issuer,
 * which the server refuses unless SLUICE_SSO_ISSUER_PRIVATE allows it), no query or fragment. */
export const issuerUrlSchema = storableText(
  z.string().trim().min(1, "Enter your identity provider's issuer URL.").max(500, "Use at most 500 characters."),
)
  .pipe(
    z.url({ protocol: /^https?$/, message: "Enter a URL that starts with https://, like https://login.example.com." }),
  )
  // zod runs this check even when the URL check above failed; that one has said what is wrong.
  .refine((value) => {
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return !url.search && !url.hash && !url.username && !url.password;
  }, "An issuer URL has no query (?), fragment (#) or password in it.")
  .transform((value) => value.replace(/\/+$/, ""));

export const ssoSettingsSchema = z
  .object({
    enabled: checkbox,
    issuerUrl: issuerUrlSchema,
    clientId: storableText(
      z
        .string()
        .trim()
        .min(1, "Enter the client id your identity provider gave Sluice.")
        .max(500, "Use at most 500 characters."),
    ),
    /** Blank keeps the stored secret. */
    clientSecret: storableText(z.string().max(2000, "Use at most 2,000 characters."))
      .optional()
      .transform((value) => (value?.trim() ? value.trim() : undefined)),
    allowedDomains: allowedDomainsSchema,
    newUserRole: z.enum(ROLES, "Choose a role."),
  })
  .refine((value) => !value.enabled || value.allowedDomains.length > 0, {
    path: ["allowedDomains"],
    message: "Name at least one e-mail domain whose people may sign in by SSO.",
  });

export type SsoSettingsInput = z.output<typeof ssoSettingsSchema>;

export const passwordSignInSchema = z.object({
  enabled: z
    .enum(["true", "false"], "Say whether password sign-in should be on.")
    .transform((value) => value === "true"),
});

export const testSsoConnectionSchema = z.object({ issuerUrl: issuerUrlSchema });
