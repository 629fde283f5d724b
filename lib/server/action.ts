import "server-only";
import type { z } from "zod";
import type { RoleName } from "../auth/roles";
import { requireUser, type CurrentUser } from "./auth";
import { parseActionInput, type ActionInput } from "./action-input";
import { toActionError, type ActionResult } from "../errors";

export { fieldErrorsOf, formToObject, parseActionInput, type ActionInput } from "./action-input";

/**
 * Every server action goes through here (conventions.md §2): check the session and role first,
 * then parse the input with the form's own zod schema, then run one lib function. The result is
 * typed and safe to render: expected errors keep their message, unexpected ones are logged.
 * Usable with React's useActionState (prev state, FormData) or called directly with an object.
 */
export function defineAction<Schema extends z.ZodType, Result>(
  options: { role: RoleName; schema: Schema },
  handler: (input: z.output<Schema>, user: CurrentUser) => Promise<ActionResult<Result>>,
) {
  return async (_previous: unknown, input: ActionInput): Promise<ActionResult<Result>> => {
    try {
      const user = await requireUser(options.role);
      return await handler(parseActionInput(options.schema, input), user);
    } catch (error) {
      return toActionError(error);
    }
  };
}
