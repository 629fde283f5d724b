import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { getAuthOptions, loadSignInConfig, SSO_PROVIDER_ID } from "@/lib/server/auth";
import { getEnv } from "@/lib/server/env";

// next-auth's own endpoints (sign-in, sign-out, session, CSRF token). It checks its CSRF token
// itself; everything else in Sluice checks the session through requireUser. Options are built per
// request so that configuration is read at run time, not at build time: the SSO provider and
// whether password sign-in is on come from the database (Settings → Single sign-on).
async function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  const [action, providerId] = (await context.params).nextauth;
  const startsOrEndsSso = providerId === SSO_PROVIDER_ID && (action === "signin" || action === "callback");
  const config = await loadSignInConfig({ withIssuer: startsOrEndsSso });
  if (startsOrEndsSso && config.issuerError) {
    // The owner sees the reason under Test connection; the person signing in gets a sentence.
    console.warn(`[sluice] SSO sign-in not started: ${config.issuerError}`);
    const url = "/sign-in?error=OAuthSignin";
    // next-auth's client posts to start a sign-in and expects { url }; the callback is a redirect.
    return request.method === "POST"
      ? NextResponse.json({ url })
      : NextResponse.redirect(new URL(url, getEnv().NEXTAUTH_URL ?? request.nextUrl.origin), 303);
  }
  return NextAuth(request as never, context as never, getAuthOptions(config));
}

export { handler as GET, handler as POST };
