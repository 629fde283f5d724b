import { parseArgs } from "node:util";
import { AppError } from "@/lib/errors";
import { readSsoSettings, setPasswordSignIn } from "@/lib/sso/sso-settings";
import { openCliDb } from "./cli-database";
import { CliError, type CliCommand } from "./cli-io";

const USAGE = `Usage: sluice auth password-signin on|off
       sluice auth status

How people sign in. The recovery path when single sign-on stops working and password sign-in is
off: run \`sluice auth password-signin on\` on the server (it needs DATABASE_URL), then sign in
with a password as an owner. Changes are recorded in the audit log.

  password-signin on    let people sign in with an e-mail and password again
  password-signin off   only once SSO is on and an owner has signed in by SSO
  status                whether SSO and password sign-in are on`;

export const authCommand: CliCommand = {
  summary: "turn password sign-in on or off (the recovery path when SSO fails)",
  usage: USAGE,
  async run(args, io) {
    let positionals: string[];
    try {
      positionals = parseArgs({ args, strict: true, allowPositionals: true, options: {} }).positionals;
    } catch (error) {
      throw new CliError((error as Error).message, 2);
    }
    const [subcommand, value, ...rest] = positionals;
    if (rest.length > 0) throw new CliError(`unexpected argument "${rest[0]}"`, 2);
    if (subcommand === "status" && value === undefined) {
      const db = openCliDb();
      try {
        const settings = await readSsoSettings(db);
        io.stdout.write(
          `SSO: ${settings.enabled ? `on (${settings.issuerUrl})` : "off"}\nPassword sign-in: ${settings.passwordSignInEnabled ? "on" : "off"}\n` +
            `Last owner SSO sign-in: ${settings.ownerSsoSignInAt?.toISOString() ?? "never"}\n`,
        );
        return 0;
      } finally {
        await db.$disconnect();
      }
    }
    if (subcommand !== "password-signin" || (value !== "on" && value !== "off"))
      throw new CliError("say `password-signin on`, `password-signin off` or `status`", 2);
    const db = openCliDb();
    try {
      await setPasswordSignIn(db, null, value === "on", "cli");
      io.stdout.write(
        value === "on"
          ? "Password sign-in is on. Owners can sign in with their password again.\n"
          : "Password sign-in is off: everyone signs in by SSO.\n",
      );
      return 0;
    } catch (error) {
      if (error instanceof AppError) throw new CliError(error.message);
      throw error;
    } finally {
      await db.$disconnect();
    }
  },
};
