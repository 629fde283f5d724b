import type { z } from "zod";
import type { ApiTokenScopeName } from "./api-token-scopes";
import {
  destinationExportSchema,
  idParamsSchema,
  importResultSchema,
  MAX_WAIT_SECONDS,
  problemsPageQuerySchema,
  problemsPageSchema,
  runResponseSchema,
  runsPageQuerySchema,
  runsPageSchema,
  startRunBodySchema,
  startRunQuerySchema,
} from "./api-schemas";

/**
 * Every operation of /api/v1: its path, the scope it needs and its zod schemas. The handlers
 * (define-api-route.ts) parse with these schemas and the OpenAPI document is generated from them;
 * a unit test checks that every route file under app/api/v1 is listed here.
 */
export interface ApiRouteSpec {
  operationId: string;
  method: "GET" | "POST";
  /** OpenAPI style: /api/v1/runs/{id}. */
  path: string;
  scope: ApiTokenScopeName | "PUBLIC";
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  success: { statuses: Readonly<Record<number, string>>; schema: z.ZodType | null };
  /** The error statuses it can answer besides 401, 403 and 429 (which every token route can). */
  errors: readonly number[];
}

export const API_ROUTES = {
  startRun: {
    operationId: "startRun",
    method: "POST",
    path: "/api/v1/destinations/{id}/runs",
    scope: "RUN",
    summary: "Start a sync of a destination (optionally wait for it)",
    description:
      `Queues a run exactly like "Run sync now"; a worker runs it. With wait (query or body, at most ${MAX_WAIT_SECONDS} s) the request is held until the run ends or the wait passes: ` +
      "200 with the finished run, or 202 with the run as it stands (poll GET /api/v1/runs/{id}). 409 when the destination is a draft or already has a run queued or running.",
    params: idParamsSchema,
    query: startRunQuerySchema,
    body: startRunBodySchema,
    success: {
      statuses: { 200: "The run finished within the wait", 202: "The run is queued or running" },
      schema: runResponseSchema,
    },
    errors: [400, 404, 409],
  },
  listDestinationRuns: {
    operationId: "listDestinationRuns",
    method: "GET",
    path: "/api/v1/destinations/{id}/runs",
    scope: "READ",
    summary: "List a destination's runs, newest first (paged)",
    params: idParamsSchema,
    query: runsPageQuerySchema,
    success: { statuses: { 200: "A page of runs" }, schema: runsPageSchema },
    errors: [400, 404],
  },
  getRun: {
    operationId: "getRun",
    method: "GET",
    path: "/api/v1/runs/{id}",
    scope: "READ",
    summary: "Get a run and its counts",
    params: idParamsSchema,
    success: { statuses: { 200: "The run" }, schema: runResponseSchema },
    errors: [400, 404],
  },
  listRunProblems: {
    operationId: "listRunProblems",
    method: "GET",
    path: "/api/v1/runs/{id}/problems",
    scope: "READ",
    summary: "List a run's problem rows in row order (paged)",
    description: "Rows that were not sent, with the reason; never with a raw e-mail or phone number.",
    params: idParamsSchema,
    query: problemsPageQuerySchema,
    success: { statuses: { 200: "A page of problem rows" }, schema: problemsPageSchema },
    errors: [400, 404],
  },
  exportDestination: {
    operationId: "exportDestination",
    method: "GET",
    path: "/api/v1/destinations/{id}/export",
    scope: "ADMIN",
    summary: "Export a destination's configuration and mapping (no secrets)",
    description: "The same file as `sluice export`: no X tokens, no connection string, no alert webhook URL.",
    params: idParamsSchema,
    success: { statuses: { 200: "The destination as a file" }, schema: destinationExportSchema },
    errors: [400, 404],
  },
  importDestination: {
    operationId: "importDestination",
    method: "POST",
    path: "/api/v1/destinations/import",
    scope: "ADMIN",
    summary: "Import a destination from an export, as a draft",
    description:
      "Links the source and X connection of the same name, if there is exactly one; a person reviews and saves the draft in the app.",
    body: destinationExportSchema,
    success: { statuses: { 201: "The draft destination made" }, schema: importResultSchema },
    errors: [400],
  },
  openApiDocument: {
    operationId: "getOpenApiDocument",
    method: "GET",
    path: "/api/v1/openapi.json",
    scope: "PUBLIC",
    summary: "This OpenAPI 3.1 document",
    success: { statuses: { 200: "The document" }, schema: null },
    errors: [],
  },
} as const satisfies Record<string, ApiRouteSpec>;

export type ApiRouteName = keyof typeof API_ROUTES;
