import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/server/auth";

// next-auth's own endpoints (sign-in, sign-out, session, CSRF token). It checks its CSRF token
// itself; everything else in Sluice checks the session through requireUser. Options are built per
// request so that configuration is read at run time, not at build time.
function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(request as never, context as never, getAuthOptions());
}

export { handler as GET, handler as POST };
