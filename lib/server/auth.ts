import "server-only";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { hasRole, type RoleName } from "../auth/roles";
import { authenticate } from "../users/authenticate";
import { signInSchema } from "../users/user-schemas";
import { getDb } from "./db";
import { getEnv } from "./env";
import { AppError } from "./errors";

const SESSION_MAX_AGE_S = 12 * 60 * 60;

export function getAuthOptions(): NextAuthOptions {
  return {
    secret: getEnv().authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
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
            return user ? { id: user.id, email: user.email, name: user.name } : null;
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
      // The token carries only the user id; role and status are re-read from the database on
      // every request (requireUser), so a role change or a disabled account takes effect at once.
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub } };
      },
    },
  };
}

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: RoleName;
}

/** The signed-in, enabled user as the database knows them now, or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(getAuthOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await getDb().user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, disabledAt: true } });
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
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
