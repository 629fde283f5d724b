import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { API_ROUTES } from "./api-routes";
import { buildOpenApiDocument } from "./openapi-document";

const root = fileURLToPath(new URL("../..", import.meta.url));
const V1 = path.join(root, "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route file under app/api/v1 as an OpenAPI path: [id] → {id}. */
function routeFiles(dir = V1): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}
const openApiPathOf = (file: string) =>
  `/api/v1/${path
    .relative(V1, path.dirname(file))
    .split(path.sep)
    .map((segment) => segment.replace(/^\[(.+)\]$/, "{$1}"))
    .join("/")}`;

type Document = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        parameters: Array<{ name: string; in: string }>;
        responses: Record<string, unknown>;
        requestBody?: unknown;
      }
    >
  >;
};
const document = buildOpenApiDocument() as Document;

describe("the OpenAPI document", () => {
  test("lists exactly the methods every route file under app/api/v1 exports, so it cannot drift from the routes", async () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(6);
    const fromFiles: string[] = [];
    for (const file of files) {
      const route = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS)
        if (typeof route[method] === "function") fromFiles.push(`${method.toLowerCase()} ${openApiPathOf(file)}`);
    }
    const documented = Object.entries(document.paths).flatMap(([pathName, operations]) =>
      Object.keys(operations).map((method) => `${method} ${pathName}`),
    );
    expect(documented.sort()).toEqual(fromFiles.sort());
    // And the route files export the handlers made from the same specs (not look-alikes).
    const runs = (await import(path.join(V1, "destinations/[id]/runs/route.ts"))) as Record<string, unknown>;
    const handlers = await import("./api-handlers");
    expect(runs.POST).toBe(handlers.startRunRoute);
    expect(runs.GET).toBe(handlers.listDestinationRunsRoute);
  });

  test("is OpenAPI 3.1 with the handlers' own schemas: path and query parameters, bodies and error responses", () => {
    expect(document.openapi).toBe("3.1.0");
    const start = document.paths["/api/v1/destinations/{id}/runs"]!.post!;
    expect(start.operationId).toBe("startRun");
    expect(start.parameters.map((parameter) => `${parameter.in}:${parameter.name}`)).toEqual(["path:id", "query:wait"]);
    expect(Object.keys(start.responses).sort()).toEqual(["200", "202", "400", "401", "403", "404", "409", "429"]);
    expect(start.requestBody).toMatchObject({
      content: {
        "application/json": {
          schema: { properties: { wait: { type: "integer", maximum: 120 }, fullResync: { type: "boolean" } } },
        },
      },
    });
    expect(start.requestBody).toMatchObject({ required: false });
    expect(document.paths["/api/v1/destinations/import"]!.post!.requestBody).toMatchObject({ required: true });
    const problems = document.paths["/api/v1/runs/{id}/problems"]!.get!;
    expect(problems.parameters.map((parameter) => `${parameter.in}:${parameter.name}`)).toEqual([
      "path:id",
      "query:cursor",
      "query:limit",
    ]);
    // The public document itself needs no token.
    expect(document.paths["/api/v1/openapi.json"]!.get).toMatchObject({ security: [] });
  });

  test("every token operation documents its scope and the 401, 403 and 429 it can answer", () => {
    for (const spec of Object.values(API_ROUTES)) {
      const operation = document.paths[spec.path]![spec.method.toLowerCase()] as Record<string, unknown> & {
        responses: Record<string, unknown>;
      };
      if (spec.scope === "PUBLIC") continue;
      expect(operation["x-sluice-scope"], spec.operationId).toBe(spec.scope.toLowerCase());
      expect(Object.keys(operation.responses), spec.operationId).toEqual(expect.arrayContaining(["401", "403", "429"]));
    }
  });
});
