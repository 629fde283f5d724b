import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { exportDestination, importDestination } from "@/lib/cli/destination-transfer";
import type { Db } from "@/lib/db/client";
import { getSharedJobQueue } from "@/lib/jobs/shared-job-queue";
import { getRun } from "@/lib/runs/get-run";
import { listRunProblems } from "@/lib/runs/list-run-problems";
import { listRuns } from "@/lib/runs/list-runs";
import { isActiveStatus } from "@/lib/runs/run-view";
import { AppError } from "@/lib/errors";
import { requestSyncRun } from "@/lib/sync/lifecycle/request-sync-run";
import { API_ROUTES } from "./api-routes";
import { buildOpenApiDocument } from "./openapi-document";
import { defineApiRoute } from "./define-api-route";
import { waitForRun } from "./wait-for-run";

// The handlers of /api/v1, each one lib call or two; app/api/v1/**/route.ts only export them.

export const startRunRoute = defineApiRoute(
  API_ROUTES.startRun,
  async ({ params, query, body, caller, db, request }) => {
    const { runId } = await requestSyncRun(db, await getSharedJobQueue(), {
      destinationId: params.id,
      trigger: "API",
      actor: caller.user,
      fullResync: body.fullResync,
    });
    await recordAuditEvent(
      db,
      caller.user,
      "run.start",
      { type: "SyncRun", id: runId },
      {
        destinationId: params.id,
        via: "api",
        tokenId: caller.tokenId,
        tokenName: caller.tokenName,
        ...(body.fullResync ? { fullResync: true } : {}),
      },
    );
    const waitSeconds = body.wait ?? query.wait ?? 0;
    const run = await waitForRun(db, runId, waitSeconds * 1000, request.signal);
    return {
      status: isActiveStatus(run.status) ? (202 as const) : (200 as const),
      body: { run },
      headers: { location: `/api/v1/runs/${runId}` },
    };
  },
);

export const listDestinationRunsRoute = defineApiRoute(
  API_ROUTES.listDestinationRuns,
  async ({ params, query, db }) => {
    await requireDestination(db, params.id);
    const page = await listRuns(db, { destinationId: params.id, cursor: query.cursor, pageSize: query.limit });
    return { status: 200 as const, body: { runs: page.runs, nextCursor: page.nextCursor } };
  },
);

export const getRunRoute = defineApiRoute(API_ROUTES.getRun, async ({ params, db }) => {
  const run = await getRun(db, params.id);
  if (!run) throw new AppError("NOT_FOUND", "This run does not exist.");
  return { status: 200 as const, body: { run } };
});

export const listRunProblemsRoute = defineApiRoute(API_ROUTES.listRunProblems, async ({ params, query, db }) => {
  const run = await db.syncRun.findUnique({ where: { id: params.id }, select: { id: true } });
  if (!run) throw new AppError("NOT_FOUND", "This run does not exist.");
  const page = await listRunProblems(db, params.id, { cursor: query.cursor, pageSize: query.limit });
  return { status: 200 as const, body: page };
});

export const exportDestinationRoute = defineApiRoute(API_ROUTES.exportDestination, async ({ params, caller, db }) => {
  await requireDestination(db, params.id);
  const file = await exportDestination(db, params.id);
  await recordAuditEvent(
    db,
    caller.user,
    "destination.export",
    { type: "Destination", id: params.id },
    { via: "api", tokenId: caller.tokenId },
  );
  return { status: 200 as const, body: file };
});

export const importDestinationRoute = defineApiRoute(API_ROUTES.importDestination, async ({ body, caller, db }) => {
  const result = await importDestination(db, body, { actor: caller.user, via: "api", tokenId: caller.tokenId });
  return {
    status: 201 as const,
    body: {
      destination: {
        id: result.destinationId,
        name: result.name,
        sourceLinked: result.sourceLinked,
        connectionLinked: result.connectionLinked,
        notes: result.notes,
      },
    },
    headers: { location: `/destinations/${result.destinationId}` },
  };
});

export const openApiDocumentRoute = defineApiRoute(API_ROUTES.openApiDocument, async () => ({
  status: 200 as const,
  body: buildOpenApiDocument(),
}));

async function requireDestination(db: Db, id: string): Promise<void> {
  const found = await db.destination.findUnique({ where: { id }, select: { id: true } });
  if (!found) throw new AppError("NOT_FOUND", "This destination does not exist.");
}
