/**
 * Alert webhooks. A chat webhook's URL is its credential (anyone who has a Slack incoming-webhook
 * URL can post to the channel), so it is sealed at rest like X tokens and only the worker opens
 * it. Pages, deliveries and the audit log keep its hint instead.
 */

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/** A URL the worker may POST alerts to: absolute https (plain http only to this machine, for
 * local testing), with no credentials in it and no fragment. Client-safe; whether the address
 * is public is checked on the server (lib/alerts/webhook-target.ts). */
export function checkAlertWebhookUrl(raw: string): WebhookUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: "Enter the webhook's full URL, starting with https://." };
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    return { ok: false, message: "Use an https:// URL: alerts carry your run's details." };
  }
  if (url.username || url.password)
    return {
      ok: false,
      message: "Remove the user name and password from the URL; put any secret in its path or query, as chat tools do.",
    };
  if (url.hash) return { ok: false, message: "Remove the #… part: it is never sent to the server." };
  return { ok: true, url: url.href };
}

/** The hint of a webhook whose URL is not a URL at all (one stored before URLs were checked). */
export const UNPARSABLE_WEBHOOK_HINT = "the alert webhook";

/** What may be shown of a webhook URL: its origin and last four characters, e.g.
 * "https://hooks.slack.com/…9xQz". Enough to tell two hooks apart, not enough to post to one.
 * Some services put the secret in the host name (eo1a2b3c4d5e6f.m.pipedream.net): a long label
 * with digits in it is cut to its first three characters. A short path or query shows nothing. */
export function alertWebhookHint(url: string): string {
  const parsed = new URL(url);
  const host = parsed.host
    .split(".")
    .map((label) => (label.length >= 10 && /\d/.test(label) ? `${label.slice(0, 3)}…` : label))
    .join(".");
  const rest = url.length - parsed.origin.length;
  return `${parsed.protocol}//${host}/…${rest > 12 ? [...url].slice(-4).join("") : ""}`;
}

/** A share of 1 as a percentage for people: 0.05 → "5%", 0.025 → "2.5%". */
export function formatShare(share: number): string {
  return `${Math.round(share * 10_000) / 100}%`;
}

/** One line saying which runs alert, e.g. "Failed runs, and runs where X rejects more than 5% of
 * the rows read". */
export function describeAlerts(alerts: {
  webhookHint: string | null;
  emails?: string[];
  rejectedShare: number | null;
}): string {
  if (!alerts.webhookHint && !alerts.emails?.length) return "No alerts";
  return alerts.rejectedShare === null
    ? "Failed runs"
    : `Failed runs, and runs where X rejects more than ${formatShare(alerts.rejectedShare)} of the rows read`;
}
