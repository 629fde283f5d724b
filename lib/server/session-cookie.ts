import "server-only";
import type { JWT } from "next-auth/jwt";
import { encode, getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import { CLAIM } from "../users/sessions";
import { getEnv } from "./env";

// The session cookie as next-auth writes it (a JWT encrypted with NEXTAUTH_SECRET), read and
// written here without going through next-auth's handler: reading it costs no extra query, and the
// device that changes its password gets a fresh cookie for the session version it now needs.

export function sessionLifetimeSeconds(): number {
  return Math.round(getEnv().SLUICE_SESSION_HOURS * 60 * 60);
}

/** next-auth's own rule: secure (and `__Secure-` prefixed) cookies when the app's URL is https. */
export function hasSecureCookies(): boolean {
  return (getEnv().NEXTAUTH_URL ?? "").startsWith("https://");
}

function sessionCookieName(): string {
  return `${hasSecureCookies() ? "__Secure-" : ""}next-auth.session-token`;
}

/** The request's session token, decoded and its signature and expiry checked; null if absent or
 * invalid. Only the cookie counts: no `Authorization: Bearer` header as next-auth's getToken would. */
export async function readSessionToken(): Promise<JWT | null> {
  const jar = await cookies();
  return getToken({
    req: { cookies: jar, headers: {} } as never,
    secret: getEnv().authSecret,
    secureCookie: hasSecureCookies(),
    cookieName: sessionCookieName(),
  });
}

/**
 * Gives this browser a new session cookie for the user at the given session version, signed in
 * now. For server actions only (pages cannot set cookies). Any chunks of an older, larger cookie
 * are removed so they cannot be joined to the new one.
 */
export async function issueSessionCookie(
  user: { id: string; email: string; name: string },
  sessionVersion: number,
): Promise<void> {
  const maxAge = sessionLifetimeSeconds();
  const token = await encode({
    token: {
      sub: user.id,
      email: user.email,
      name: user.name,
      [CLAIM.sessionVersion]: sessionVersion,
      [CLAIM.authTime]: Math.floor(Date.now() / 1000),
    },
    secret: getEnv().authSecret,
    maxAge,
  });
  const jar = await cookies();
  const name = sessionCookieName();
  for (const cookie of jar.getAll()) {
    if (cookie.name.startsWith(`${name}.`)) jar.delete(cookie.name);
  }
  jar.set(name, token, { httpOnly: true, sameSite: "lax", path: "/", secure: hasSecureCookies(), maxAge });
}
