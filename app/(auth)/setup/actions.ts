"use server";

import { fieldErrorsOf, formToObject, type ActionInput } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";
import { AppError, toActionError, type ActionResult } from "@/lib/errors";
import { createFirstOwner } from "@/lib/users/manage-users";
import { createOwnerSchema } from "@/lib/users/user-schemas";

// The one action that runs without a session: it only works while Sluice has no user at all,
// and createFirstOwner re-checks that under a lock, so it cannot be used to add a second owner.
export async function createOwnerAction(
  _previous: unknown,
  input: ActionInput,
): Promise<ActionResult<{ email: string }>> {
  try {
    const parsed = createOwnerSchema.safeParse(formToObject(input));
    if (!parsed.success) throw new AppError("VALIDATION", "Some fields need attention.", fieldErrorsOf(parsed.error));
    const user = await createFirstOwner(getDb(), parsed.data);
    return { ok: true, data: { email: user.email } };
  } catch (error) {
    return toActionError(error);
  }
}
