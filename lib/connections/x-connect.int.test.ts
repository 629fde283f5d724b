import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createSecretBox } from "@/lib/crypto/secret-box";
import { createDb, type Db } from "@/lib/db/client";
import { createXAdsClient } from "@/lib/x-ads";
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SEED_USERS } from "@/standin/seed";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { completeXConnect } from "./complete-x-connect";
import { AppError } from "@/lib/errors";
import { addPixelTokenConnection, disconnectXConnection, listXConnections } from "./manage-x-connections";
import { openXConnection } from "./open-x-connection";
import { OAUTH_REQUEST_TTL_MS, startXConnect, XConnectError, type XConnectDeps } from "./start-x-connect";
import { resolveXApp } from "./x-app";

// The whole three-legged flow against the X stand-in over HTTP and a real PostgreSQL: the OAuth
// state is single-use, short-lived and bound to the user who started it, and tokens are stored
// sealed and never appear in what pages receive.

const CALLBACK = "http://127.0.0.1:3999/api/x/callback";
let standin: RunningStandin;
let db: Db;
let deps: XConnectDeps;
const box = createSecretBox(randomBytes(32));

async function seedUser(label: string) {
  const id = randomUUID();
  await db.user.create({
    data: { id, email: `${label}-${id.slice(0, 6)}@example.com`, name: label, passwordHash: "x", role: "OWNER" },
  });
  return { id, email: `${label}-${id.slice(0, 6)}@example.com` };
}

/** The person's answer on X's consent page: returns the callback query X redirects to. */
async function consent(
  authorizeUrl: string,
  xUserId: string,
  decision: "authorize" | "cancel",
): Promise<URLSearchParams> {
  const token = new URL(authorizeUrl).searchParams.get("oauth_token")!;
  const response = await fetch(`${standin.url}/oauth/authorize`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ oauth_token: token, user_id: xUserId, decision }).toString(),
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location")!);
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  return location.searchParams;
}

const callbackInput = (query: URLSearchParams) => ({
  oauthToken: query.get("oauth_token"),
  oauthVerifier: query.get("oauth_verifier"),
  denied: query.get("denied"),
});

async function refusal(work: Promise<unknown>): Promise<XConnectError> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(XConnectError);
  return error as XConnectError;
}

beforeAll(async () => {
  standin = await startStandin();
  db = createDb(inject("databaseUrl"), { max: 3 });
  const app = resolveXApp({
    X_ADS_API_BASE_URL: standin.url,
    X_API_BASE_URL: standin.url,
    X_CONSUMER_KEY: DEMO_CONSUMER_KEY,
    X_CONSUMER_SECRET: DEMO_CONSUMER_SECRET,
  });
  deps = { db, box, app };
});

afterAll(async () => {
  await db?.$disconnect();
  await standin?.stop();
});

describe("connecting X with OAuth 1.0a", () => {
  it("connects, stores the tokens sealed, and refuses the same callback a second time", async () => {
    // Other suites in the run may have connected this X user already; this test is about a first connection.
    await db.xConnection.deleteMany({ where: { xUserId: SEED_USERS.admin.id } });
    const owner = await seedUser("owner");
    const { authorizeUrl } = await startXConnect(deps, {
      user: owner,
      callbackUrl: CALLBACK,
      returnTo: "/destinations/d1/setup/connection",
    });
    const request = await db.oAuthRequest.findFirstOrThrow({ where: { userId: owner.id } });
    expect(request.requestTokenSecretSealed.startsWith("v1.")).toBe(true);
    expect(request.expiresAt.getTime() - request.createdAt.getTime()).toBeLessThanOrEqual(OAUTH_REQUEST_TTL_MS + 1000);

    const query = await consent(authorizeUrl, SEED_USERS.admin.id, "authorize");
    const done = await completeXConnect(deps, { user: owner, ...callbackInput(query) });
    expect(done.connection.handle).toBe("@acme_admin");
    expect(done.returnTo).toBe("/destinations/d1/setup/connection");
    expect(done.reconnected).toBe(false);

    // At rest: ciphertext only. Opened, the token really is the user's token at X.
    const stored = await db.xConnection.findUniqueOrThrow({ where: { id: done.connection.id } });
    expect(stored.tokenSealed.startsWith("v1.")).toBe(true);
    expect(stored.tokenSecretSealed?.startsWith("v1.")).toBe(true);
    const token = { key: box.open(stored.tokenSealed), secret: box.open(stored.tokenSecretSealed!) };
    expect(stored.tokenSealed).not.toContain(token.key);
    expect(token.key.startsWith(`${SEED_USERS.admin.id}-`)).toBe(true);
    const client = createXAdsClient({ config: deps.app.config, consumer: deps.app.consumer!, token });
    expect((await client.getAccountAccess("18ce54d4x5t")).kind).toBe("ok");

    // View models: no token, secret or sealed value anywhere in them.
    const views = JSON.stringify(await listXConnections(db));
    for (const secret of [token.key, token.secret, stored.tokenSealed, stored.tokenSecretSealed!])
      expect(views).not.toContain(secret);

    const adminConnections = await db.xConnection.count({ where: { xUserId: SEED_USERS.admin.id } });
    const replay = await refusal(completeXConnect(deps, { user: owner, ...callbackInput(query) }));
    expect(replay.reason).toBe("replayed");
    expect(await db.xConnection.count({ where: { xUserId: SEED_USERS.admin.id } })).toBe(adminConnections);
    const audit = await db.auditEvent.findMany({ where: { actorId: owner.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(["x_connection.connected", "x_connection.connect_refused"]);
  });

  it("refuses a callback after the request expired", async () => {
    const owner = await seedUser("slow");
    const startedAt = new Date(Date.now() - OAUTH_REQUEST_TTL_MS - 60_000);
    const { authorizeUrl } = await startXConnect(
      { ...deps, now: () => startedAt },
      { user: owner, callbackUrl: CALLBACK },
    );
    const query = await consent(authorizeUrl, SEED_USERS.manager.id, "authorize");
    const error = await refusal(completeXConnect(deps, { user: owner, ...callbackInput(query) }));
    expect(error.reason).toBe("expired");
    expect(await db.xConnection.count({ where: { connectedById: owner.id } })).toBe(0);
  });

  it("refuses a callback completed in another Sluice user's session, and leaves the flow to its owner", async () => {
    const starter = await seedUser("starter");
    const intruder = await seedUser("intruder");
    const { authorizeUrl } = await startXConnect(deps, {
      user: starter,
      callbackUrl: CALLBACK,
      returnTo: "/destinations/secret/setup/connection",
    });
    const query = await consent(authorizeUrl, SEED_USERS.analyst.id, "authorize");

    const error = await refusal(completeXConnect(deps, { user: intruder, ...callbackInput(query) }));
    expect(error.reason).toBe("foreign_user");
    expect(error.returnTo).toBeNull();
    expect(await db.xConnection.count({ where: { connectedById: { in: [starter.id, intruder.id] } } })).toBe(0);

    const done = await completeXConnect(deps, { user: starter, ...callbackInput(query) });
    expect(done.connection.handle).toBe("@acme_analyst");
  });

  it("refuses a token Sluice never issued, and reports a cancel on X as such", async () => {
    const owner = await seedUser("canceller");
    const unknown = await refusal(
      completeXConnect(deps, { user: owner, oauthToken: "forged", oauthVerifier: "123", denied: null }),
    );
    expect(unknown.reason).toBe("unknown_request");

    const { authorizeUrl } = await startXConnect(deps, {
      user: owner,
      callbackUrl: CALLBACK,
      returnTo: "/destinations/connections",
    });
    const query = await consent(authorizeUrl, SEED_USERS.newcomer.id, "cancel");
    expect(query.get("denied")).toBeTruthy();
    const denied = await refusal(completeXConnect(deps, { user: owner, ...callbackInput(query) }));
    expect(denied.reason).toBe("denied");
    expect(denied.returnTo).toBe("/destinations/connections");
    expect(await db.xConnection.count({ where: { connectedById: owner.id } })).toBe(0);
  });

  it("updates the existing connection when the same X user connects again, and revokes on disconnect", async () => {
    const owner = await seedUser("reconnector");
    const first = await startXConnect(deps, { user: owner, callbackUrl: CALLBACK });
    const one = await completeXConnect(deps, {
      user: owner,
      ...callbackInput(await consent(first.authorizeUrl, SEED_USERS.manager.id, "authorize")),
    });
    const before = await db.xConnection.findUniqueOrThrow({ where: { id: one.connection.id } });
    const managerConnections = await db.xConnection.count({ where: { xUserId: SEED_USERS.manager.id } });
    const second = await startXConnect(deps, { user: owner, callbackUrl: CALLBACK });
    const two = await completeXConnect(deps, {
      user: owner,
      ...callbackInput(await consent(second.authorizeUrl, SEED_USERS.manager.id, "authorize")),
    });
    expect(two.connection.id).toBe(one.connection.id);
    expect(two.reconnected).toBe(true);
    expect(await db.xConnection.count({ where: { xUserId: SEED_USERS.manager.id } })).toBe(managerConnections);
    const after = await db.xConnection.findUniqueOrThrow({ where: { id: one.connection.id } });
    const token = { key: box.open(after.tokenSealed), secret: box.open(after.tokenSecretSealed!) };
    expect(token.key).not.toBe(box.open(before.tokenSealed));

    const result = await disconnectXConnection(db, box, deps.app, owner, one.connection.id);
    expect(result.message).toContain("X revoked its token");
    const revoked = await db.xConnection.findUniqueOrThrow({ where: { id: one.connection.id } });
    expect(revoked.revokedAt).not.toBeNull();
    expect(revoked.tokenSealed).toBe("");
    const client = createXAdsClient({ config: deps.app.config, consumer: deps.app.consumer!, token });
    expect(await client.getAccountAccess("18ce54d4x5t")).toMatchObject({
      kind: "auth_failure",
      reason: "unauthenticated",
    });
  });

  it("a connection sealed with another encryption key: using it says so, and it can still be disconnected", async () => {
    const owner = await seedUser("rekeyed");
    const oldBox = createSecretBox(randomBytes(32));
    const oauth = await db.xConnection.create({
      data: {
        kind: "OAUTH",
        label: "@old_key",
        xUserId: `old-${randomUUID()}`,
        tokenSealed: oldBox.seal("old-token"),
        tokenSecretSealed: oldBox.seal("old-secret"),
      },
    });
    const pixel = await addPixelTokenConnection(db, oldBox, owner, {
      label: "Old pixel",
      pixelId: "o8z6j",
      token: "pixel-token-sealed-with-the-old-key",
    });
    for (const [id, label] of [
      [oauth.id, "@old_key"],
      [pixel.id, "Old pixel"],
    ] as const) {
      const error = await openXConnection(db, box, deps.app, id).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: "CONFLICT",
        message: `${label}'s token cannot be decrypted with this server's encryption key (was SLUICE_ENCRYPTION_KEY changed?). Disconnect it and connect the X account again.`,
      });
    }
    const result = await disconnectXConnection(db, box, deps.app, owner, oauth.id);
    expect(result.message).toContain("X could not confirm the revocation");
    expect(await db.xConnection.findUniqueOrThrow({ where: { id: oauth.id } })).toMatchObject({
      tokenSealed: "",
      tokenSecretSealed: null,
      revokedAt: expect.any(Date),
    });
    expect((await disconnectXConnection(db, box, deps.app, owner, pixel.id)).message).toContain(
      "Revoke the token in X Events Manager too",
    );
  });

  it("seals a pasted pixel access token", async () => {
    const owner = await seedUser("pixel");
    const view = await addPixelTokenConnection(db, box, owner, {
      label: "",
      pixelId: "o8z6j",
      token: "pixel-token-abcdefghijklmnop",
    });
    expect(view).toMatchObject({ kind: "PIXEL_TOKEN", pixelId: "o8z6j", label: "Pixel o8z6j" });
    const stored = await db.xConnection.findUniqueOrThrow({ where: { id: view.id } });
    expect(stored.tokenSealed).not.toContain("pixel-token");
    expect(box.open(stored.tokenSealed)).toBe("pixel-token-abcdefghijklmnop");
    expect(JSON.stringify(view)).not.toContain("pixel-token");
  });
});
