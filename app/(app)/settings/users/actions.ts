"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";
import { addUser, changeUserRole, setUserDisabled, unlockSignIn } from "@/lib/users/manage-users";
import { addUserSchema, changeRoleSchema, setUserDisabledSchema, unlockUserSchema } from "@/lib/users/user-schemas";

export const addUserAction = defineAction({ role: "OWNER", schema: addUserSchema }, async (input, actor) => {
  const user = await addUser(getDb(), actor, input);
  revalidatePath("/settings/users");
  return { ok: true, data: { id: user.id }, message: `${user.email} can now sign in as ${user.role.toLowerCase()}.` };
});

export const changeRoleAction = defineAction({ role: "OWNER", schema: changeRoleSchema }, async (input, actor) => {
  const user = await changeUserRole(getDb(), actor, input.userId, input.role);
  revalidatePath("/settings/users");
  return { ok: true, data: undefined, message: `${user.email} is now ${user.role.toLowerCase()}.` };
});

export const setUserDisabledAction = defineAction(
  { role: "OWNER", schema: setUserDisabledSchema },
  async (input, actor) => {
    const user = await setUserDisabled(getDb(), actor, input.userId, input.disabled);
    revalidatePath("/settings/users");
    return { ok: true, data: undefined, message: `${user.email} is ${user.disabledAt ? "disabled" : "enabled"}.` };
  },
);

export const unlockUserAction = defineAction({ role: "OWNER", schema: unlockUserSchema }, async (input, actor) => {
  const user = await unlockSignIn(getDb(), actor, input.userId);
  revalidatePath("/settings/users");
  return { ok: true, data: undefined, message: `${user.email} can sign in again.` };
});
