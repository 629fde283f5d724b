import { z } from "zod";
import { apiErrorBodySchema } from "./api-error";
import { API_ROUTES, type ApiRouteSpec } from "./api-routes";
import { SCOPE_DESCRIPTIONS } from "./api-token-scopes";

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "The input is not valid: error.issues says where",
  401: "No token, or an unknown, expired or revoked one",
  403: "The token's scope, or its creator's role, does not allow this",
  404: "No such id",
  409: "The destination cannot run now (a draft, or a run already queued or running)",
  429: "Too many requests for this token: wait Retry-After seconds",
};

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  // Refinements and transforms have no JSON Schema form; the document shows the shape they check.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as JsonSchema;
  void _dialect;
  return rest;
}

function parametersOf(schema: z.ZodObject | undefined, where: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const json = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: where,
      required: where === "path" || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function operationOf(spec: ApiRouteSpec): JsonSchema {
  const isPublic = spec.scope === "PUBLIC";
  const responses: Record<string, JsonSchema> = {};
  for (const [status, description] of Object.entries(spec.success.statuses)) {
    responses[status] = {
      description,
      ...(spec.success.schema
        ? { content: { "application/json": { schema: jsonSchema(spec.success.schema, "output") } } }
        : {}),
    };
  }
  const errors = isPublic ? spec.errors : [...spec.errors, 401, 403, 429];
  for (const status of [...new Set(errors)].sort()) {
    responses[String(status)] = {
      description: ERROR_DESCRIPTIONS[status] ?? "Error",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: [
      spec.description,
      isPublic ? "No token needed." : `Needs a token with the **${spec.scope.toLowerCase()}** scope (or a wider one).`,
    ]
      .filter(Boolean)
      .join("\n\n"),
    ...(isPublic ? { security: [] } : { "x-sluice-scope": spec.scope.toLowerCase() }),
    parameters: [...parametersOf(spec.params, "path"), ...parametersOf(spec.query, "query")],
    ...(spec.body
      ? {
          requestBody: {
            required: !spec.body.safeParse(undefined).success,
            content: { "application/json": { schema: jsonSchema(spec.body, "input") } },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the handlers parse with. */
export function buildOpenApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of Object.values(API_ROUTES) as ApiRouteSpec[]) {
    (paths[spec.path] ??= {})[spec.method.toLowerCase()] = operationOf(spec);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Sluice API",
      version: "1",
      description:
        "Start syncs, read runs and their problem rows, export and import destinations. " +
        "Send `Authorization: Bearer slc_…` with a token an owner made under Settings → API tokens. Scopes nest: " +
        `read (${SCOPE_DESCRIPTIONS.READ}) ⊂ run (${SCOPE_DESCRIPTIONS.RUN}) ⊂ admin (${SCOPE_DESCRIPTIONS.ADMIN}).`,
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token (slc_…)" } },
      schemas: { Error: jsonSchema(apiErrorBodySchema, "output") },
    },
  };
}
