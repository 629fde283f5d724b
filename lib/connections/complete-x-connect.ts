import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { createXOAuthFlow } from "@/lib/x-ads";
import { describeXFailure } from "./describe-x-failure";
import { requireConsumer } from "./x-app";
import { forgetXReads } from "./x-reads";
import { XConnectError, type XConnectDeps } from "./start-x-connect";
import { toXConnectionView, xConnectionViewSelect, type XConnectionView } from "./x-connection-view";

export interface CompleteXConnectInput {
  user: AuditActor;
  /** The callback's query: `oauth_token` + `oauth_verifier`, or `denied` when the person cancelled. */
  oauthToken: string | null;
  oauthVerifier: string | null;
  denied: string | null;
}

/**
 * Step 3 of connecting X. The request is consumed atomically before anything else happens, and
 * only if it belongs to the signed-in user, has not expired and was never used: a replayed,
 * expired or foreign callback is refused. Then the verifier is exchanged for the access token,
 * which is stored sealed. Connecting the same X user again updates their connection (new tokens)
 * instead of adding a second one.
 */
export async function completeXConnect(
  deps: XConnectDeps,
  input: CompleteXConnectInput,
): Promise<{ connection: XConnectionView; returnTo: string | null; reconnected: boolean }> {
  const { db, box } = deps;
  const now = deps.now?.() ?? new Date();

  if (input.denied) {
    const request = await db.oAuthRequest.findUnique({ where: { requestToken: input.denied } });
    const ours = request && request.userId === input.user.id;
    if (ours && !request.consumedAt)
      await db.oAuthRequest.update({ where: { id: request.id }, data: { consumedAt: now } });
    await recordAuditEvent(db, input.user, "x_connection.connect_cancelled", undefined, {});
    throw new XConnectError(
      "denied",
      "You cancelled the authorization on X, so nothing was connected.",
      ours ? request.returnTo : null,
    );
  }
  if (!input.oauthToken || !input.oauthVerifier) {
    throw new XConnectError("missing_parameters", "X sent Sluice back without an authorization. Start again.");
  }

  const claimed = await db.oAuthRequest.updateMany({
    where: { requestToken: input.oauthToken, userId: input.user.id, consumedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  });
  const request = await db.oAuthRequest.findUnique({ where: { requestToken: input.oauthToken } });
  if (claimed.count !== 1 || !request) {
    const reason = !request
      ? "unknown_request"
      : request.userId !== input.user.id
        ? "foreign_user"
        : request.consumedAt
          ? "replayed"
          : "expired";
    await recordAuditEvent(db, input.user, "x_connection.connect_refused", undefined, { reason });
    // A foreign request's returnTo belongs to someone else's flow; never follow it.
    throw new XConnectError(
      reason,
      REFUSAL_MESSAGES[reason],
      reason === "foreign_user" || !request ? null : request.returnTo,
    );
  }

  const flow = createXOAuthFlow(requireConsumer(deps.app));
  const exchanged = await flow.accessToken(
    request.requestToken,
    box.open(request.requestTokenSecretSealed),
    input.oauthVerifier,
  );
  if (exchanged.kind !== "ok") {
    throw new XConnectError("x_refused", describeXFailure(exchanged, "finishing the connection"), request.returnTo);
  }
  const access = exchanged.value;

  const result = await db.$transaction(async (tx) => {
    // Two tabs finishing for the same X user at once must not create two connections.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`x-user:${access.userId}`}))`;
    const existing = await tx.xConnection.findFirst({
      where: { kind: "OAUTH", xUserId: access.userId },
      orderBy: { createdAt: "asc" },
    });
    const data = {
      screenName: access.screenName,
      label: `@${access.screenName}`,
      tokenSealed: box.seal(access.token),
      tokenSecretSealed: box.seal(access.secret),
      connectedById: input.user.id,
      connectedByEmail: input.user.email,
      revokedAt: null,
    };
    const row = existing
      ? await tx.xConnection.update({ where: { id: existing.id }, data, select: xConnectionViewSelect })
      : await tx.xConnection.create({
          data: { ...data, kind: "OAUTH", xUserId: access.userId },
          select: xConnectionViewSelect,
        });
    await recordAuditEvent(
      tx,
      input.user,
      existing ? "x_connection.reconnected" : "x_connection.connected",
      { type: "x_connection", id: row.id },
      {
        handle: `@${access.screenName}`,
        xUserId: access.userId,
      },
    );
    return { connection: toXConnectionView(row), reconnected: Boolean(existing) };
  });
  forgetXReads(result.connection.id);
  return { ...result, returnTo: request.returnTo };
}

const REFUSAL_MESSAGES = {
  unknown_request: "This authorization is not one Sluice started. Start the connection again.",
  foreign_user:
    "This authorization was started by another Sluice user, so it was refused. Start the connection yourself.",
  replayed: "This authorization was already used. Start the connection again.",
  expired: "This authorization took longer than 10 minutes and expired. Start the connection again.",
} as const;
