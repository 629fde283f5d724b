"use server";

import { revalidatePath } from "next/cache";
import { connectionIdSchema, pixelTokenConnectionSchema } from "@/lib/connections/connection-schemas";
import { getXApp } from "@/lib/connections/get-x-app";
import { addPixelTokenConnection, disconnectXConnection } from "@/lib/connections/manage-x-connections";
import { defineAction } from "@/lib/server/action";
import { secrets } from "@/lib/server/crypto";
import { getDb } from "@/lib/server/db";

// X connections belong to the organisation: only owners add or remove them (editors choose among
// them in the wizard).

export const addPixelTokenConnectionAction = defineAction(
  { role: "OWNER", schema: pixelTokenConnectionSchema },
  async (input, user) => {
    const connection = await addPixelTokenConnection(getDb(), secrets(), user, input);
    revalidatePath("/destinations", "layout");
    return {
      ok: true,
      data: { id: connection.id },
      message: `${connection.label} is saved. Its token is stored encrypted.`,
    };
  },
);

export const disconnectXConnectionAction = defineAction(
  { role: "OWNER", schema: connectionIdSchema },
  async (input, user) => {
    const result = await disconnectXConnection(getDb(), secrets(), getXApp(), user, input.connectionId);
    revalidatePath("/destinations", "layout");
    return { ok: true, data: undefined, message: result.message };
  },
);
