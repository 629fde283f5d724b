import { z } from "zod";
import { destinationExportSchema } from "@/lib/cli/destination-transfer";
import { SyncProblemKind, SyncRunStatus, SyncTrigger } from "@/lib/generated/prisma/enums";
import type { RunView } from "@/lib/runs/run-view";
import { storableText } from "@/lib/validation/storable-text";

// The API's inputs and outputs, used by the handlers (lib/api/api-handlers.ts) to parse requests
// and type responses, and by the OpenAPI document (lib/api/openapi-document.ts) to describe them:
// one definition, so the two cannot disagree.

const time = (what: string) => z.string().describe(`${what} (ISO 8601, UTC)`);
const id = storableText(z.string().trim().min(1).max(64));

export const idParamsSchema = z.object({ id: id.describe("The id, as in the app's URL") });

/** How long POST …/runs may hold the request for the run to finish. */
export const MAX_WAIT_SECONDS = 120;
const waitSeconds = z.coerce
  .number("wait must be a number of seconds.")
  .int("wait must be a whole number of seconds.")
  .min(0, "wait cannot be negative.")
  .max(MAX_WAIT_SECONDS, `wait is at most ${MAX_WAIT_SECONDS} seconds.`)
  .describe(`Seconds to wait for the run to finish (0 to ${MAX_WAIT_SECONDS}) before answering`);

export const startRunQuerySchema = z.object({ wait: waitSeconds.optional() });
export const startRunBodySchema = z
  .strictObject({
    wait: waitSeconds.optional(),
    fullResync: z
      .boolean()
      .default(false)
      .describe("Read every row, not only the incremental window (rows already sent are still skipped)"),
  })
  .default({ fullResync: false });

const cursor = storableText(z.string().max(200))
  .optional()
  .describe("nextCursor of the previous page; omit for the first");
export const runsPageQuerySchema = z.object({
  cursor,
  limit: z.coerce.number().int().min(1).max(100).default(25).describe("Runs per page"),
});
export const problemsPageQuerySchema = z.object({
  cursor,
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe("Problem rows per page"),
});

const count = z.number().int().min(0);
export const runSchema = z
  .object({
    id: z.string(),
    destinationId: z.string(),
    destinationName: z.string(),
    status: z.enum(SyncRunStatus),
    trigger: z.enum(SyncTrigger),
    triggeredByEmail: z.string().nullable(),
    createdAt: time("Queued at"),
    startedAt: time("Started at").nullable(),
    finishedAt: time("Finished at").nullable(),
    durationMs: z.number().nullable(),
    cancelRequested: z.boolean(),
    attempts: count,
    rowsTotalEstimate: z.number().nullable(),
    counts: z
      .object({
        read: count,
        alreadySent: count,
        invalid: count,
        stillInvalid: count,
        rejected: count,
        duplicate: count,
        sent: count,
        failed: count,
      })
      .describe(
        "read = alreadySent + invalid + stillInvalid + rejected + duplicate + sent + failed once the run has finished; duplicate: rows repeating an earlier row's conversion_id, not sent",
      ),
    requests: count,
    retries: count,
    rateLimited: count,
    debugIds: z.array(z.string()),
    error: z.string().nullable(),
    reads: z.union([
      z.object({ kind: z.literal("all") }),
      z.object({ kind: z.enum(["first", "resync"]), column: z.string(), watermarkAfter: z.string().nullable() }),
      z.object({
        kind: z.literal("window"),
        column: z.string(),
        from: z.string(),
        watermarkAfter: z.string().nullable(),
      }),
    ]),
  })
  .describe("A sync run and its counts");

// The run view the app and CLI show is the API's run: a change to one fails the type check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const runViewIsRunSchema: Same<z.output<typeof runSchema>, RunView> = true;
void runViewIsRunSchema;

export const runResponseSchema = z.object({ run: runSchema });
export const runsPageSchema = z.object({
  runs: z.array(runSchema),
  nextCursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last"),
});
export const problemsPageSchema = z.object({
  problems: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(SyncProblemKind),
      rowNumber: z.number().int().nullable(),
      rowKey: z.string().nullable(),
      field: z.string().nullable(),
      code: z.string(),
      message: z.string(),
    }),
  ),
  nextCursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last"),
});

export { destinationExportSchema };
export const importResultSchema = z.object({
  destination: z.object({
    id: z.string(),
    name: z.string(),
    sourceLinked: z.string().nullable().describe("The source of the same name it was linked to, if any"),
    connectionLinked: z.string().nullable().describe("The X connection it was linked to, if any"),
    notes: z.array(z.string()),
  }),
});
