import type { AuditActor } from "@/lib/audit/record-audit-event";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { createXOAuthFlow } from "@/lib/x-ads";
import { describeXFailure } from "./describe-x-failure";
import { safeReturnPath } from "@/lib/validation/safe-return-path";
import { requireConsumer, type XApp } from "./x-app";

/** An OAuth flow in progress is good for this long; X's own request tokens last 15 minutes. */
export const OAUTH_REQUEST_TTL_MS = 10 * 60 * 1000;

export interface XConnectDeps {
  db: Db;
  box: SecretBox;
  app: XApp;
  now?: () => Date;
}

export class XConnectError extends Error {
  readonly reason: XConnectFailureReason;
  readonly returnTo: string | null;
  constructor(reason: XConnectFailureReason, message: string, returnTo: string | null = null) {
    super(message);
    this.name = "XConnectError";
    this.reason = reason;
    this.returnTo = returnTo;
  }
}

export type XConnectFailureReason =
  "denied" | "missing_parameters" | "unknown_request" | "foreign_user" | "expired" | "replayed" | "x_refused";

/**
 * Step 1 of connecting X: get a request token for our callback and remember its secret
 * server-side (sealed), bound to the Sluice user who asked, for a short time. The browser only
 * ever sees the request token itself, in X's authorize URL.
 */
export async function startXConnect(
  deps: XConnectDeps,
  input: { user: AuditActor; callbackUrl: string; returnTo?: string | null },
): Promise<{ authorizeUrl: string }> {
  const now = deps.now?.() ?? new Date();
  const returnTo = safeReturnPath(input.returnTo);
  const flow = createXOAuthFlow(requireConsumer(deps.app));
  const result = await flow.requestToken(input.callbackUrl);
  if (result.kind !== "ok")
    throw new XConnectError("x_refused", describeXFailure(result, "starting the connection"), returnTo);

  // Finished or abandoned flows are useless after a day; keep the table small.
  await deps.db.oAuthRequest.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - 24 * 60 * 60 * 1000) } },
  });
  await deps.db.oAuthRequest.create({
    data: {
      requestToken: result.value.token,
      requestTokenSecretSealed: deps.box.seal(result.value.secret),
      userId: input.user.id,
      returnTo,
      expiresAt: new Date(now.getTime() + OAUTH_REQUEST_TTL_MS),
    },
  });
  return { authorizeUrl: flow.authorizeUrl(result.value.token) };
}
