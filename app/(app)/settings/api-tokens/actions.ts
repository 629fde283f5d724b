"use server";

import { revalidatePath } from "next/cache";
import { createApiTokenSchema, revokeApiTokenSchema } from "@/lib/api/api-token-schemas";
import { createApiToken, revokeApiToken } from "@/lib/api/manage-api-tokens";
import { defineAction } from "@/lib/server/action";
import { getDb } from "@/lib/server/db";

/** Owners only. The secret is in this one answer and nowhere else: only its hash is stored. */
export const createApiTokenAction = defineAction(
  { role: "OWNER", schema: createApiTokenSchema },
  async (input, user) => {
    const { token, secret } = await createApiToken(getDb(), user, input);
    revalidatePath("/settings/api-tokens");
    return {
      ok: true,
      data: { id: token.id, name: token.name, secret },
      message: `Token "${token.name}" created. Copy it now: it is not shown again.`,
    };
  },
);

export const revokeApiTokenAction = defineAction(
  { role: "OWNER", schema: revokeApiTokenSchema },
  async (input, user) => {
    const token = await revokeApiToken(getDb(), user, input.tokenId);
    revalidatePath("/settings/api-tokens");
    return {
      ok: true,
      data: undefined,
      message: `Token "${token.name}" revoked: requests with it are refused from now on.`,
    };
  },
);
