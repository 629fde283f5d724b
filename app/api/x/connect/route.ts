import type { NextRequest } from "next/server";
import { startXConnect, XConnectError } from "@/lib/connections/start-x-connect";
import { getXApp } from "@/lib/connections/get-x-app";
import { safeReturnPath, withQueryParam } from "@/lib/validation/safe-return-path";
import { requireUser } from "@/lib/server/auth";
import { secrets } from "@/lib/server/crypto";
import { getDb } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";
import { AppError } from "@/lib/errors";

// Starts "Connect X": owners only (connections are the organisation's, see ROLE_DESCRIPTIONS).
// A plain link, not a form: the CSP's form-action 'self' would block a form's redirect to X.
const DEFAULT_RETURN = "/destinations/connections";

function redirectTo(location: string): Response {
  // A relative Location keeps the browser on whatever host it used to reach Sluice.
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

export async function GET(request: NextRequest) {
  const returnTo = safeReturnPath(request.nextUrl.searchParams.get("returnTo")) ?? DEFAULT_RETURN;
  let user;
  try {
    user = await requireUser("OWNER");
  } catch (error) {
    if (error instanceof AppError && error.code === "FORBIDDEN")
      return redirectTo(withQueryParam(returnTo, "connect_error", "forbidden"));
    return redirectTo(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  }
  const app = getXApp();
  if (!app.consumer) return redirectTo(withQueryParam(returnTo, "connect_error", "not_configured"));
  const origin = getEnv().NEXTAUTH_URL?.replace(/\/+$/, "") ?? request.nextUrl.origin;
  try {
    const { authorizeUrl } = await startXConnect(
      { db: getDb(), box: secrets(), app },
      { user, callbackUrl: `${origin}/api/x/callback`, returnTo },
    );
    return redirectTo(authorizeUrl);
  } catch (error) {
    if (!(error instanceof XConnectError)) throw error;
    console.error(`[sluice] connect X: ${error.message}`);
    return redirectTo(withQueryParam(returnTo, "connect_error", error.reason));
  }
}
