"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/server/action";
import { secrets } from "@/lib/server/crypto";
import { getDb } from "@/lib/server/db";
import { createPostgresSource, deleteSource, renameSource, updatePostgresSource } from "@/lib/sources/manage-sources";
import { previewSource, testSourceConnection } from "@/lib/sources/preview-source";
import {
  createPostgresSourceSchema,
  previewSourceSchema,
  renameSourceSchema,
  sourceIdSchema,
  updatePostgresSourceSchema,
} from "@/lib/sources/source-schemas";

export const createPostgresSourceAction = defineAction(
  { role: "EDITOR", schema: createPostgresSourceSchema },
  async (input, actor) => {
    const source = await createPostgresSource(getDb(), actor, input, { secretBox: secrets() });
    revalidatePath("/sources");
    return { ok: true, data: { id: source.id }, message: `“${source.name}” is saved.` };
  },
);

export const updatePostgresSourceAction = defineAction(
  { role: "EDITOR", schema: updatePostgresSourceSchema },
  async (input, actor) => {
    const source = await updatePostgresSource(getDb(), actor, input, { secretBox: secrets() });
    revalidatePath("/sources");
    revalidatePath(`/sources/${source.id}`);
    return {
      ok: true,
      data: { id: source.id },
      message:
        source.changed.length === 0 ? "Nothing changed." : "Saved. The query was checked and its columns read again.",
    };
  },
);

export const renameSourceAction = defineAction({ role: "EDITOR", schema: renameSourceSchema }, async (input, actor) => {
  const source = await renameSource(getDb(), actor, input.sourceId, input.name);
  revalidatePath("/sources");
  revalidatePath(`/sources/${source.id}`);
  return { ok: true, data: { id: source.id }, message: `Renamed to “${source.name}”.` };
});

export const deleteSourceAction = defineAction({ role: "EDITOR", schema: sourceIdSchema }, async (input, actor) => {
  // No revalidatePath: it would re-render the page being left (now a 404) before the client
  // moves on to the list, which is dynamic and so read fresh anyway.
  const source = await deleteSource(getDb(), actor, input.sourceId);
  return { ok: true, data: { id: source.id }, message: `“${source.name}” is deleted.` };
});

// Reads: any signed-in user may look at a source's rows (they refresh the saved column list,
// which is a cache of the source, not a change to it).
export const previewSourceAction = defineAction({ role: "VIEWER", schema: previewSourceSchema }, async (input) => {
  const preview = await previewSource(getDb(), input.sourceId, { limit: input.limit, secretBox: secrets() });
  return { ok: true, data: preview };
});

export const testSourceConnectionAction = defineAction({ role: "VIEWER", schema: sourceIdSchema }, async (input) => {
  const check = await testSourceConnection(getDb(), input.sourceId, { secretBox: secrets() });
  const version = check.serverVersion ? ` (PostgreSQL ${check.serverVersion})` : "";
  return { ok: true, data: check, message: `Connected to “${check.database}” as “${check.user}”${version}.` };
});
