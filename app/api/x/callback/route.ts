import type { NextRequest } from "next/server";
import { completeXConnect } from "@/lib/connections/complete-x-connect";
import { getXApp } from "@/lib/connections/get-x-app";
import { safeReturnPath, withQueryParam } from "@/lib/validation/safe-return-path";
import { XConnectError } from "@/lib/connections/start-x-connect";
import { requireUser } from "@/lib/server/auth";
import { secrets } from "@/lib/server/crypto";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/errors";

// Where X sends the browser back. Everything is checked in completeXConnect: the request token
// must be one this signed-in owner started, unexpired and unused. The stored return path is
// checked again on the way out (one stored by an older version may not pass today's check).
const DEFAULT_RETURN = "/destinations/connections";

function redirectTo(location: string): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  let user;
  try {
    user = await requireUser("OWNER");
  } catch (error) {
    if (error instanceof AppError && error.code === "FORBIDDEN")
      return redirectTo(withQueryParam(DEFAULT_RETURN, "connect_error", "forbidden"));
    // Signed out in between (session ended): sign in, then land here again to finish.
    return redirectTo(`/sign-in?callbackUrl=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`);
  }
  try {
    const { connection, returnTo } = await completeXConnect(
      { db: getDb(), box: secrets(), app: getXApp() },
      {
        user,
        oauthToken: params.get("oauth_token"),
        oauthVerifier: params.get("oauth_verifier"),
        denied: params.get("denied"),
      },
    );
    return redirectTo(withQueryParam(safeReturnPath(returnTo) ?? DEFAULT_RETURN, "connected", connection.id));
  } catch (error) {
    if (!(error instanceof XConnectError)) throw error;
    if (error.reason === "x_refused") console.error(`[sluice] connect X: ${error.message}`);
    return redirectTo(withQueryParam(safeReturnPath(error.returnTo) ?? DEFAULT_RETURN, "connect_error", error.reason));
  }
}
