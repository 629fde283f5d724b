import { z } from "zod";
import { isStorableText, oneLineText, storableText } from "../validation/storable-text";
import { sourceConnectionStringProblem } from "./postgres/source-connection-config";

// One schema per form, shared by the form and its action (conventions.md §3).

export const SOURCE_NAME_MAX = 100;
export const SOURCE_QUERY_MAX = 100_000;

const sourceId = storableText(z.string().trim().min(1, "Choose a source.").max(100));
const name = oneLineText(
  z.string().trim().min(1, "Enter a name.").max(SOURCE_NAME_MAX, `Use at most ${SOURCE_NAME_MAX} characters.`),
);

const connectionString = z
  .string()
  .trim()
  .max(4_000, "That connection string is too long.")
  .superRefine((value, context) => {
    if (!isStorableText(value)) {
      context.addIssue({
        code: "custom",
        message: "Remove the control characters (such as NUL or escape codes) from the connection string.",
      });
      return;
    }
    // The same check the reader makes before connecting: only the parameters Sluice allows.
    const problem = sourceConnectionStringProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

const query = storableText(
  z
    .string()
    .trim()
    .min(1, "Enter a query: a SELECT that returns the rows to send.")
    .max(SOURCE_QUERY_MAX, `Use at most ${SOURCE_QUERY_MAX.toLocaleString("en-US")} characters.`),
);

const statementTimeoutSeconds = z.coerce
  .number("Enter a number of seconds.")
  .int("Use whole seconds.")
  .min(1, "Use at least 1 second.")
  .max(600, "Use at most 600 seconds (10 minutes).");

export const createPostgresSourceSchema = z.object({
  name,
  connectionString: z.string().trim().min(1, "Enter a connection string.").pipe(connectionString),
  query,
  statementTimeoutSeconds: statementTimeoutSeconds.default(30),
});

/** Editing a Postgres source: a blank connection string keeps the saved one (never sent back). */
export const updatePostgresSourceSchema = z.object({
  sourceId,
  name,
  connectionString: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .pipe(connectionString.optional()),
  query,
  statementTimeoutSeconds,
});

export const renameSourceSchema = z.object({ sourceId, name });

export const sourceIdSchema = z.object({ sourceId });

export const previewSourceSchema = z.object({
  sourceId,
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The query string of a new CSV source's upload (the file itself is the request body). */
export const csvUploadParamsSchema = z.object({ name });

export type CreatePostgresSourceInput = z.output<typeof createPostgresSourceSchema>;
export type UpdatePostgresSourceInput = z.output<typeof updatePostgresSourceSchema>;
