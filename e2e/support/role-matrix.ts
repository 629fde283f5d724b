import { readFileSync } from "node:fs";
import type { APIRequestContext, APIResponse } from "@playwright/test";

// The role matrix (issue 8): who may call every server action and every route handler. The spec
// (e2e/role-matrix.spec.ts) fails when the build holds an action or a route that is not listed
// here, so a new one cannot ship without someone deciding, in this table, who may use it.

export type Caller = "signed out" | "VIEWER" | "EDITOR" | "OWNER";
export const CALLERS: readonly Caller[] = ["signed out", "VIEWER", "EDITOR", "OWNER"];
/** PUBLIC: no session needed. TOKEN: no session is enough, only an API token (the token matrix,
 * API_SCOPE_ROWS, says which). Otherwise the least role let in (OWNER > EDITOR > VIEWER). */
export type MinRole = "PUBLIC" | "VIEWER" | "EDITOR" | "OWNER" | "TOKEN";
const RANK: Record<Caller, number> = { "signed out": 0, VIEWER: 1, EDITOR: 2, OWNER: 3 };
const MIN_RANK: Record<MinRole, number> = { PUBLIC: 0, VIEWER: 1, EDITOR: 2, OWNER: 3, TOKEN: 4 };

export const isLetIn = (caller: Caller, minRole: MinRole) => RANK[caller] >= MIN_RANK[minRole];

export interface ActionRow {
  file: string;
  name: string;
  minRole: MinRole;
  /** A field an empty input is refused for: a VALIDATION error naming it proves that the role
   * check passed and that the object reached the action's schema as its input. */
  emptyInputField: string;
}

const SETUP = "app/(app)/destinations/[id]/setup/actions.ts";
const DESTINATIONS = "app/(app)/destinations/actions.ts";
const CONNECTIONS = "app/(app)/destinations/connections/actions.ts";
const RUNS = "app/(app)/runs/actions.ts";
const USERS = "app/(app)/settings/users/actions.ts";
const SOURCES = "app/(app)/sources/actions.ts";
const FIRST_RUN = "app/(auth)/setup/actions.ts";
const ACCOUNT = "app/(app)/settings/account/actions.ts";
const API_TOKENS = "app/(app)/settings/api-tokens/actions.ts";
const SSO = "app/(app)/settings/sso/actions.ts";

export const ACTIONS: readonly ActionRow[] = [
  { file: SETUP, name: "saveConnectionStepAction", minRole: "EDITOR", emptyInputField: "destinationId" },
  { file: SETUP, name: "saveAccountStepAction", minRole: "EDITOR", emptyInputField: "adAccountId" },
  { file: SETUP, name: "saveEventStepAction", minRole: "EDITOR", emptyInputField: "eventId" },
  { file: SETUP, name: "saveSourceStepAction", minRole: "EDITOR", emptyInputField: "sourceId" },
  { file: SETUP, name: "saveMappingStepAction", minRole: "EDITOR", emptyInputField: "destinationId" },
  { file: SETUP, name: "confirmPreviewStepAction", minRole: "EDITOR", emptyInputField: "destinationId" },
  { file: SETUP, name: "sendTestEventAction", minRole: "EDITOR", emptyInputField: "rowNumber" },
  { file: SETUP, name: "saveScheduleStepAction", minRole: "EDITOR", emptyInputField: "scheduleKind" },
  { file: DESTINATIONS, name: "createDestinationAction", minRole: "EDITOR", emptyInputField: "name" },
  { file: DESTINATIONS, name: "duplicateDestinationAction", minRole: "EDITOR", emptyInputField: "destinationId" },
  { file: DESTINATIONS, name: "setDestinationPausedAction", minRole: "EDITOR", emptyInputField: "paused" },
  { file: DESTINATIONS, name: "deleteDestinationAction", minRole: "EDITOR", emptyInputField: "destinationId" },
  // X connections are the organisation's: only owners add or remove them.
  { file: CONNECTIONS, name: "addPixelTokenConnectionAction", minRole: "OWNER", emptyInputField: "token" },
  { file: CONNECTIONS, name: "disconnectXConnectionAction", minRole: "OWNER", emptyInputField: "connectionId" },
  { file: RUNS, name: "runSyncNowAction", minRole: "EDITOR", emptyInputField: "destinationId" },
  { file: RUNS, name: "cancelRunAction", minRole: "EDITOR", emptyInputField: "runId" },
  { file: RUNS, name: "resetLedgerAction", minRole: "OWNER", emptyInputField: "destinationId" },
  { file: USERS, name: "addUserAction", minRole: "OWNER", emptyInputField: "email" },
  { file: USERS, name: "changeRoleAction", minRole: "OWNER", emptyInputField: "userId" },
  { file: USERS, name: "setUserDisabledAction", minRole: "OWNER", emptyInputField: "disabled" },
  { file: USERS, name: "unlockUserAction", minRole: "OWNER", emptyInputField: "userId" },
  // API tokens act for the organisation: only owners make or revoke them.
  { file: API_TOKENS, name: "createApiTokenAction", minRole: "OWNER", emptyInputField: "name" },
  { file: API_TOKENS, name: "revokeApiTokenAction", minRole: "OWNER", emptyInputField: "tokenId" },
  // Single sign-on is the organisation's sign-in: only owners configure it. Testing the connection
  // changes nothing, but makes the server fetch a URL the caller types, so it is owners' too.
  { file: SSO, name: "saveSsoSettingsAction", minRole: "OWNER", emptyInputField: "issuerUrl" },
  { file: SSO, name: "testSsoConnectionAction", minRole: "OWNER", emptyInputField: "issuerUrl" },
  { file: SSO, name: "setPasswordSignInAction", minRole: "OWNER", emptyInputField: "enabled" },
  // Everyone changes their own password (and only their own: the action takes no user id).
  { file: ACCOUNT, name: "changePasswordAction", minRole: "VIEWER", emptyInputField: "currentPassword" },
  { file: SOURCES, name: "createPostgresSourceAction", minRole: "EDITOR", emptyInputField: "connectionString" },
  { file: SOURCES, name: "updatePostgresSourceAction", minRole: "EDITOR", emptyInputField: "sourceId" },
  { file: SOURCES, name: "renameSourceAction", minRole: "EDITOR", emptyInputField: "sourceId" },
  { file: SOURCES, name: "deleteSourceAction", minRole: "EDITOR", emptyInputField: "sourceId" },
  // Reads: any signed-in user may look at a source's rows and test its connection.
  { file: SOURCES, name: "previewSourceAction", minRole: "VIEWER", emptyInputField: "sourceId" },
  { file: SOURCES, name: "testSourceConnectionAction", minRole: "VIEWER", emptyInputField: "sourceId" },
  // No session by design: it creates the first owner and only while Sluice has no user at all
  // (createFirstOwner re-checks under a lock); the spec proves it refuses once there is one.
  { file: FIRST_RUN, name: "createOwnerAction", minRole: "PUBLIC", emptyInputField: "email" },
];

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const METHODS: readonly Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** What a caller gets back, as one line: status, the error code of a JSON body, the redirect
 * (see describeResponse); a pattern where part of it differs each time (a fresh token). */
export type Outcome = string | RegExp;

export interface RouteRow {
  /** The route as the build's app-paths-manifest names it (without the trailing /route). */
  route: string;
  /** Every method it exports; the spec checks that the others answer 405. */
  methods: readonly Method[];
  minRole: MinRole;
  /** A request that changes nothing anyone would see, whoever sends it. */
  probe: { method: Method; path: string; headers?: Record<string, string>; data?: string };
  signedOut?: Outcome;
  belowRole?: Outcome;
  allowed: Outcome;
}

/** An id no row has. */
export const MISSING_ID = "00000000-0000-4000-8000-000000000000";

export function routeTable(standinUrl: string): readonly RouteRow[] {
  const escapedStandin = standinUrl.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return [
    // Public on purpose: load balancers and the start script poll it; it says only "up or not".
    {
      route: "/api/health",
      methods: ["GET"],
      minRole: "PUBLIC",
      probe: { method: "GET", path: "/api/health" },
      allowed: "200 ok",
    },
    // The browser's tab icons (app/favicon.ico, app/icon.svg), static files Next serves as routes.
    {
      route: "/favicon.ico",
      methods: ["GET"],
      minRole: "PUBLIC",
      probe: { method: "GET", path: "/favicon.ico" },
      allowed: "200",
    },
    {
      route: "/icon.svg",
      methods: ["GET"],
      minRole: "PUBLIC",
      probe: { method: "GET", path: "/icon.svg" },
      allowed: "200",
    },
    {
      route: "/api/runs/[id]",
      methods: ["GET"],
      minRole: "VIEWER",
      probe: { method: "GET", path: `/api/runs/${MISSING_ID}` },
      signedOut: "401 UNAUTHENTICATED",
      allowed: "404 NOT_FOUND",
    },
    {
      route: "/api/runs/[id]/problems",
      methods: ["GET"],
      minRole: "VIEWER",
      probe: { method: "GET", path: `/api/runs/${MISSING_ID}/problems` },
      signedOut: "401 UNAUTHENTICATED",
      allowed: "404 NOT_FOUND",
    },
    // CSV uploads: the probe names no file, so a caller who is let in gets VALIDATION and nothing is stored.
    {
      route: "/api/sources/csv",
      methods: ["POST"],
      minRole: "EDITOR",
      probe: {
        method: "POST",
        path: "/api/sources/csv?name=Role%20matrix%20probe",
        headers: { "Content-Type": "text/csv" },
        data: "a,b\n1,2\n",
      },
      signedOut: "401 UNAUTHENTICATED",
      belowRole: "403 FORBIDDEN",
      allowed: "422 VALIDATION",
    },
    {
      route: "/api/sources/[id]/csv",
      methods: ["POST"],
      minRole: "EDITOR",
      probe: {
        method: "POST",
        path: `/api/sources/${MISSING_ID}/csv`,
        headers: { "Content-Type": "text/csv" },
        data: "a,b\n1,2\n",
      },
      signedOut: "401 UNAUTHENTICATED",
      belowRole: "403 FORBIDDEN",
      allowed: "422 VALIDATION",
    },
    // "Connect X" is a plain link (GET), so its refusals are redirects back to the app.
    {
      route: "/api/x/connect",
      methods: ["GET"],
      minRole: "OWNER",
      probe: { method: "GET", path: "/api/x/connect" },
      signedOut: "303 → /sign-in?callbackUrl=%2Fdestinations%2Fconnections",
      belowRole: "303 → /destinations/connections?connect_error=forbidden",
      // The owner is sent on to X (here its stand-in) with a fresh request token: a started
      // connect flow, which expires unused; nothing is connected.
      allowed: new RegExp(`^303 → ${escapedStandin}/oauth/authorize\\?oauth_token=[^&\\s]+`),
    },
    {
      route: "/api/x/callback",
      methods: ["GET"],
      minRole: "OWNER",
      probe: { method: "GET", path: "/api/x/callback" },
      signedOut: "303 → /sign-in?callbackUrl=%2Fapi%2Fx%2Fcallback",
      belowRole: "303 → /destinations/connections?connect_error=forbidden",
      // Let in, but X's parameters are missing: nothing is connected.
      allowed: "303 → /destinations/connections?connect_error=missing_parameters",
    },
    // next-auth's own endpoints (sign-in, sign-out, session, CSRF token) are public by design:
    // they are how a session starts. Its POSTs check its own CSRF token (the spec tries a forged
    // sign-out). The probe reads the session, which everyone may do; what it holds is checked apart.
    {
      route: "/api/auth/[...nextauth]",
      methods: ["GET", "POST"],
      minRole: "PUBLIC",
      probe: { method: "GET", path: "/api/auth/session" },
      allowed: "200",
    },
    // The REST API takes API tokens only: a session cookie, even an owner's, gets 401 (a page
    // on another site cannot make a signed-in browser call it). Who may call what with which
    // token is API_SCOPE_ROWS below.
    ...API_SCOPE_ROWS.filter(
      (row, index) => API_SCOPE_ROWS.findIndex((other) => other.route === row.route) === index,
    ).map((row): RouteRow => ({
      route: row.route,
      methods: API_SCOPE_ROWS.filter((other) => other.route === row.route).map((other) => other.probe.method),
      minRole: "TOKEN",
      probe: { ...row.probe, path: row.probe.path.replace("{draft}", MISSING_ID) },
      signedOut: "401 UNAUTHENTICATED",
      belowRole: "401 UNAUTHENTICATED",
      allowed: "401 UNAUTHENTICATED",
    })),
    // The API's description: public, like any OpenAPI document.
    {
      route: "/api/v1/openapi.json",
      methods: ["GET"],
      minRole: "PUBLIC",
      probe: { method: "GET", path: "/api/v1/openapi.json" },
      allowed: "200",
    },
  ];
}

export type TokenScope = "read" | "run" | "admin";
export const TOKEN_SCOPES: readonly TokenScope[] = ["read", "run", "admin"];
const SCOPE_RANK: Record<TokenScope, number> = { read: 0, run: 1, admin: 2 };
export const scopeLetsIn = (scope: TokenScope, needed: TokenScope) => SCOPE_RANK[scope] >= SCOPE_RANK[needed];

export interface ApiScopeRow {
  route: string;
  /** The least token scope let in (read < run < admin). */
  scope: TokenScope;
  /** A request that changes nothing, whatever token sends it; `{draft}` is a draft destination's id. */
  probe: { method: Method; path: string; headers?: Record<string, string>; data?: string };
  allowed: Outcome;
}

/** Every operation of /api/v1 and the token scope it needs (lib/api/api-routes.ts). */
export const API_SCOPE_ROWS: readonly ApiScopeRow[] = [
  // A draft cannot run: a run token gets as far as the 409, and nothing is queued.
  {
    route: "/api/v1/destinations/[id]/runs",
    scope: "run",
    probe: { method: "POST", path: "/api/v1/destinations/{draft}/runs" },
    allowed: "409 CONFLICT",
  },
  {
    route: "/api/v1/destinations/[id]/runs",
    scope: "read",
    probe: { method: "GET", path: "/api/v1/destinations/{draft}/runs" },
    allowed: "200",
  },
  {
    route: "/api/v1/runs/[id]",
    scope: "read",
    probe: { method: "GET", path: `/api/v1/runs/${MISSING_ID}` },
    allowed: "404 NOT_FOUND",
  },
  {
    route: "/api/v1/runs/[id]/problems",
    scope: "read",
    probe: { method: "GET", path: `/api/v1/runs/${MISSING_ID}/problems` },
    allowed: "404 NOT_FOUND",
  },
  {
    route: "/api/v1/destinations/[id]/export",
    scope: "admin",
    probe: { method: "GET", path: `/api/v1/destinations/${MISSING_ID}/export` },
    allowed: "404 NOT_FOUND",
  },
  // An empty import is refused by its schema: nothing is created.
  {
    route: "/api/v1/destinations/import",
    scope: "admin",
    probe: {
      method: "POST",
      path: "/api/v1/destinations/import",
      headers: { "Content-Type": "application/json" },
      data: "{}",
    },
    allowed: "400 VALIDATION",
  },
];

export async function describeResponse(response: APIResponse): Promise<string> {
  const parts = [String(response.status())];
  const location = response.headers()["location"];
  if ((response.headers()["content-type"] ?? "").includes("application/json")) {
    const body = (await response.json()) as { ok?: boolean; code?: string; error?: { code?: string } };
    if (body.code) parts.push(body.code);
    else if (body.error?.code) parts.push(body.error.code);
    else if (body.ok === true) parts.push("ok");
  }
  if (location) parts.push(`→ ${location}`);
  return parts.join(" ");
}

interface ServerReferenceManifest {
  node: Record<string, { exportedName: string; filename?: string; workers: Record<string, unknown> }>;
  edge: Record<string, { exportedName: string; filename?: string; workers: Record<string, unknown> }>;
}

const distDir = () => process.env.SLUICE_DIST_DIR || ".next";

export interface BuiltAction {
  id: string;
  file: string;
  name: string;
  runtime: "node" | "edge";
  /** A page whose worker holds the action (so the request is not forwarded), ids filled in. */
  page: string;
}

/** Every server action in this build, from its server-reference manifest. */
export function builtActions(): BuiltAction[] {
  const manifest = JSON.parse(
    readFileSync(`${distDir()}/server/server-reference-manifest.json`, "utf8"),
  ) as ServerReferenceManifest;
  return (["node", "edge"] as const).flatMap((runtime) =>
    Object.entries(manifest[runtime] ?? {}).map(([id, entry]) => ({
      id,
      file: entry.filename ?? "(unknown file)",
      name: entry.exportedName,
      runtime,
      page: pageOfWorker(Object.keys(entry.workers)[0] ?? "app/page"),
    })),
  );
}

/** "app/(app)/destinations/[id]/setup/[step]/page" → "/destinations/<MISSING_ID>/setup/<MISSING_ID>". */
function pageOfWorker(worker: string): string {
  const segments = worker
    .replace(/^app\//, "")
    .replace(/\/?page$/, "")
    .split("/")
    .filter((segment) => segment && !/^\(.*\)$/.test(segment))
    .map((segment) => (/^\[.*\]$/.test(segment) ? MISSING_ID : segment));
  return `/${segments.join("/")}`;
}

/** Every route handler in this build, from its app-paths manifest. */
export function builtRoutes(): string[] {
  const manifest = JSON.parse(readFileSync(`${distDir()}/server/app-paths-manifest.json`, "utf8")) as Record<
    string,
    string
  >;
  return Object.keys(manifest)
    .filter((key) => key.endsWith("/route"))
    .map((key) => key.replace(/\/route$/, ""))
    .sort();
}

export interface ActionCall {
  status: number;
  /** The action's own result, or null when the action did not run (e.g. refused by Next). */
  result: { ok: boolean; code?: string; fieldErrors?: Record<string, string[]> } | null;
  body: string;
}

/**
 * Posts a server action as React does, with an explicit Origin header, so a test can send the
 * same request from the app's own origin and from a foreign one.
 */
export async function postServerAction(
  request: APIRequestContext,
  action: BuiltAction,
  args: unknown[],
  origin: string,
  extraHeaders: Record<string, string> = {},
): Promise<ActionCall> {
  const response = await request.post(action.page, {
    headers: {
      ...extraHeaders,
      "Next-Action": action.id,
      Accept: "text/x-component",
      "Content-Type": "text/plain;charset=UTF-8",
      Origin: origin,
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  const body = await response.text();
  return { status: response.status(), result: actionResultOf(body), body };
}

/** The action's return value out of the React Flight response: the row that is an ActionResult. */
export function actionResultOf(body: string): ActionCall["result"] {
  for (const line of body.split("\n")) {
    const match = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!match) continue;
    try {
      const row = JSON.parse(match[1]!) as Record<string, unknown>;
      if (typeof row.ok === "boolean") return row as ActionCall["result"];
    } catch {
      // not a JSON row
    }
  }
  return null;
}

/** One cell of the action matrix as a line a reader can check at a glance. */
export function describeActionResult(result: ActionCall["result"], field: string): string {
  if (!result) return "no action result";
  if (result.ok) return "ok";
  if (result.code === "VALIDATION") {
    return result.fieldErrors?.[field]
      ? `VALIDATION of ${field}`
      : `VALIDATION of ${Object.keys(result.fieldErrors ?? {}).join(",") || "nothing"}`;
  }
  return result.code ?? "no code";
}
