import nodemailer from "nodemailer";

/** Where alert e-mail goes out: an SMTP server (SMTP_URL, e.g. smtps://user:pass@host:465). */
export interface AlertEmailSettings {
  smtpUrl: string;
  from: string;
}

/**
 * Sends one plain-text alert through the SMTP server and returns its reply code (250 when the
 * server took it). Throws when the server refuses it or cannot be reached, so the alert job is
 * retried.
 */
export async function sendAlertEmail(
  settings: AlertEmailSettings,
  message: { to: string[]; subject: string; text: string },
): Promise<number> {
  const transport = nodemailer.createTransport(settings.smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    const info = await transport.sendMail({
      from: settings.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
    if (info.rejected.length > 0) throw new Error(`the server refused ${info.rejected.map(String).join(", ")}`);
    return Number(/^(\d{3})/.exec(info.response)?.[1] ?? 250);
  } finally {
    transport.close();
  }
}
