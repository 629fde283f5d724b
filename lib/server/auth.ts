import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { hasRole, type RoleName } from "../auth/roles";
import { authenticate } from "../users/authenticate";
import { CLAIM, checkSession, revokeSessionsOnSignOut, sessionClaimsOf, type SessionEndReason, type SessionPolicy } from "../users/sessions";
import { signInSchema } from "../users/sign-in-schema";
import { getDb } from "./db";
import { getEnv } from "./env";
import { AppError } from "../errors";
import { readSessionToken, hasSecureCookies, sessionLifetimeSeconds } from "./session-cookie";

export function sessionPolicy(): SessionPolicy {
  return { lifetimeMs: sessionLifetimeSeconds() * 1000 };
}

/** Thrown by the jwt callback for a session that has ended: next-auth then answers
 * /api/auth/session with no user and deletes the cookie instead of extending it. */
class SessionEndedError extends Error {
  constructor(readonly reason: SessionEndReason) {
    super(`session ended: ${reason}`);
    this.name = "SessionEndedError";
  }
}

export function getAuthOptions(): NextAuthOptions {
  return {
    secret: getEnv().authSecret,
    useSecureCookies: hasSecureCookies(),
    // The cookie and its JWT last as long as a session may (SLUICE_SESSION_HOURS); what ends a
    // session earlier is checked on every request (getCurrentUser, and the jwt callback below).
    session: { strategy: "jwt", maxAge: sessionLifetimeSeconds() },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "E-mail and password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) return null;
          const forwarded = request.headers?.["x-forwarded-for"];
          const ip = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() || null;
          try {
            const user = await authenticate(getDb(), parsed.data.email, parsed.data.password, ip);
            return user ? { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } : null;
          } catch (error) {
            // next-auth passes a thrown message to the client as the error code; only our own,
            // user-facing messages are let through.
            if (error instanceof AppError) throw new Error(error.message);
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      // The token carries the user id, the session version it was issued under and the sign-in
      // time; role and status are re-read from the database on every request (getCurrentUser).
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token[CLAIM.sessionVersion] = (user as { sessionVersion?: number }).sessionVersion;
          token[CLAIM.authTime] = Math.floor(Date.now() / 1000);
          return token;
        }
        // Every other call (GET /api/auth/session above all) would re-issue the cookie with a new
        // expiry: an ended session must not be re-issued, nor reported as signed in.
        const check = await checkSession(getDb(), sessionClaimsOf(token), sessionPolicy());
        if (!check.ok) throw new SessionEndedError(check.reason);
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub } };
      },
    },
    events: {
      // Signing out ends every session of the user, not just this browser's cookie: a copy of the
      // cookie taken earlier stops working too.
      async signOut({ token }) {
        await revokeSessionsOnSignOut(getDb(), sessionClaimsOf(token), sessionPolicy());
      },
    },
    logger: {
      error(code, metadata) {
        // An ended session is an expected outcome, not an error worth a stack trace.
        if (metadata instanceof SessionEndedError) return;
        console.error(`[next-auth][error][${code}]`, metadata);
      },
      warn(code) {
        console.warn(`[next-auth][warn][${code}]`);
      },
      debug() {},
    },
  };
}

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: RoleName;
}

/** The signed-in user as the database knows them now, or null: no cookie, or a session that has
 * ended (signed out, revoked by a password or role change, disabled, or past its lifetime). */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const check = await checkSession(getDb(), sessionClaimsOf(await readSessionToken()), sessionPolicy());
  return check.ok ? check.user : null;
}

/** For server actions and route handlers: the session and role check every one of them makes. */
export async function requireUser(atLeast: RoleName = "VIEWER"): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  if (!hasRole(user.role, atLeast)) {
    throw new AppError("FORBIDDEN", `This needs the ${atLeast.toLowerCase()} role; you are ${user.role === "EDITOR" ? "an" : "a"} ${user.role.toLowerCase()}.`);
  }
  return user;
}

/** For pages: sends the signed-out to sign-in (or first-run setup) and the under-privileged to a 403 page. */
export async function requirePageUser(atLeast: RoleName = "VIEWER"): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) {
    if ((await getDb().user.count()) === 0) redirect("/setup");
    const returnTo = (await headers()).get("x-sluice-path") ?? "/";
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  }
  if (!hasRole(user.role, atLeast)) redirect(`/forbidden?need=${atLeast.toLowerCase()}`);
  return user;
}
