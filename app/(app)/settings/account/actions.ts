"use server";

import { defineAction } from "@/lib/server/action";
import { clientAddress } from "@/lib/server/client-address";
import { getDb } from "@/lib/server/db";
import { issueSessionCookie } from "@/lib/server/session-cookie";
import { changeOwnPassword } from "@/lib/users/change-password";
import { changePasswordSchema } from "@/lib/users/user-schemas";

// Every signed-in user may change their own password. Every session of theirs ends (a cookie
// someone copied stops working); this browser gets a fresh one so the person stays signed in here.
export const changePasswordAction = defineAction(
  { role: "VIEWER", schema: changePasswordSchema },
  async (input, user) => {
    const { sessionVersion } = await changeOwnPassword(getDb(), user, input, await clientAddress());
    await issueSessionCookie(user, sessionVersion);
    return { ok: true, data: undefined, message: "Your password is changed. You are signed out everywhere else." };
  },
);
