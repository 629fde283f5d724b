import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions, loadSignInConfig } from "@/lib/server/auth";

// next-auth's own endpoints (sign-in, sign-out, session, CSRF token). It checks its CSRF token
// itself; everything else in Sluice checks the session through requireUser. Options are built per
// request so that configuration is read at run time, not at build time: the SSO provider and
// whether password sign-in is on come from the database (Settings → Single sign-on).
async function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(request as never, context as never, getAuthOptions(await loadSignInConfig()));
}

export { handler as GET, handler as POST };
