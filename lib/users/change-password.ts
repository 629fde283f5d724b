import type { Db } from "../db/client";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors";
import { checkPasswordThrottled } from "./authenticate";
import { hashPassword } from "./password";
import { isPasswordEmail, PASSWORD_MESSAGES } from "./password-policy";
import { revokeSessions, type SessionUser } from "./sessions";
import type { ChangePasswordInput } from "./user-schemas";

export const WRONG_CURRENT_PASSWORD = "This is not your current password.";

/**
 * A signed-in user changes their own password. The current password is checked under the sign-in
 * throttle (a stolen session must not become a way to guess it without limit), the new one must
 * pass the policy and not be the e-mail address; then every session of the user ends, and the
 * new version is returned so the caller can give the device that made the change a fresh session.
 */
export async function changeOwnPassword(
  db: Db,
  user: Pick<SessionUser, "id" | "email">,
  input: ChangePasswordInput,
  ip: string | null,
): Promise<{ sessionVersion: number }> {
  if (isPasswordEmail(input.newPassword, user.email)) {
    throw new AppError("VALIDATION", "Some fields need attention.", { newPassword: [PASSWORD_MESSAGES.email] });
  }
  const check = await checkPasswordThrottled(db, user.email, input.currentPassword, ip);
  if (!check.user || check.user.id !== user.id || !check.passwordOk) {
    throw new AppError("VALIDATION", "Some fields need attention.", { currentPassword: [WRONG_CURRENT_PASSWORD] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const actor = { id: user.id, email: user.email };
    await recordAuditEvent(tx, actor, "user.password_changed", { type: "user", id: user.id }, { email: user.email });
    return { sessionVersion: await revokeSessions(tx, actor, user, "password_changed") };
  });
}
