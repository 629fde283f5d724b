import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { hasRole, type RoleName } from "../auth/roles";
import { authenticate } from "../users/authenticate";
import {
  CLAIM,
  checkSession,
  revokeSessionsOnSignOut,
  sessionClaimsOf,
  type SessionEndReason,
  type SessionPolicy,
} from "../users/sessions";
import { signInSchema } from "../users/sign-in-schema";
import { publicLookup } from "../alerts/webhook-target";
import { fetchIssuerMetadata, isIssuerUrlAllowed } from "../sso/issuer-discovery";
import { signInBySso } from "../sso/sign-in-by-sso";
import { loadSsoSignInConfig, type SsoSignInConfig } from "../sso/sso-settings";
import type { SsoClaims } from "../sso/sso-sign-in-decision";
import { secrets } from "./crypto";
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

export const SSO_PROVIDER_ID = "sso";
export const PASSWORD_SIGN_IN_OFF_MESSAGE = "Password sign-in is turned off here. Use \u201cContinue with SSO\u201d.";

/** The sign-in settings as they are now (SSO, password sign-in), for the options below. With
 * `withIssuer`, also the issuer's checked endpoints, which only starting an SSO sign-in and its
 * callback need (the session endpoint, polled by every page, must not fetch them). */
export async function loadSignInConfig(
  options: { withIssuer?: boolean } = {},
): Promise<SsoSignInConfig & { issuerError?: string }> {
  const config = await loadSsoSignInConfig(getDb(), secrets());
  if (!options.withIssuer || !config.provider) return config;
  const result = await fetchIssuerMetadata(config.provider.issuerUrl, {
    allowPrivate: getEnv().SLUICE_SSO_ISSUER_PRIVATE,
  });
  if (!result.ok) return { ...config, issuerError: result.message };
  return { ...config, provider: { ...config.provider, metadata: result.metadata } };
}

/**
 * The OpenID Connect provider built from the owner's settings: the authorization code flow with
 * PKCE and state, and a verified ID token (signature, issuer, audience, expiry). The issuer is
 * owner-supplied, so next-auth gets the endpoints Sluice fetched and checked itself
 * (fetchIssuerMetadata: public https:// only) rather than the discovery URL, and its requests go
 * through the alert webhooks' public-only DNS lookup, unless SLUICE_SSO_ISSUER_PRIVATE allows a
 * local test issuer. Without metadata (requests that never reach the issuer) it has no endpoints.
 */
function ssoProvider(config: NonNullable<SsoSignInConfig["provider"]>, allowPrivate: boolean): OAuthConfig<SsoClaims> {
  return {
    id: SSO_PROVIDER_ID,
    name: "SSO",
    type: "oauth",
    issuer: config.metadata?.issuer,
    jwks_endpoint: config.metadata?.jwks_uri,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { url: config.metadata?.authorization_endpoint, params: { scope: "openid email profile" } },
    token: { url: config.metadata?.token_endpoint },
    checks: ["pkce", "state"],
    idToken: true,
    // openid-client keeps these as process-wide defaults; nothing else in Sluice uses it.
    httpOptions: { timeout: 10_000, ...(allowPrivate ? {} : { lookup: publicLookup }) },
    userinfo: {
      url: config.metadata?.userinfo_endpoint,
      // Many providers put the e-mail in the ID token; others (conforming to the letter of the
      // spec for the code flow) only at the userinfo endpoint, whose sub openid-client checks
      // against the ID token's.
      async request({ tokens, client }) {
        // next-auth types the tokens as plain parameters; at run time they are openid-client's TokenSet.
        const tokenSet = tokens as Parameters<typeof client.userinfo>[0] & {
          claims(): Record<string, unknown> & { sub: string };
        };
        const claims = tokenSet.claims();
        if (typeof claims.email === "string") return claims;
        return { ...(await client.userinfo(tokenSet)), sub: claims.sub };
      },
    },
    profile(profile) {
      return {
        id: profile.sub,
        email: typeof profile.email === "string" ? profile.email : null,
        name: typeof profile.name === "string" ? profile.name : null,
      };
    },
  };
}

export function getAuthOptions(
  config: SsoSignInConfig = { provider: null, passwordSignInEnabled: true },
): NextAuthOptions {
  const allowPrivateIssuer = getEnv().SLUICE_SSO_ISSUER_PRIVATE;
  const sso =
    config.provider && isIssuerUrlAllowed(config.provider.issuerUrl, allowPrivateIssuer)
      ? ssoProvider(config.provider, allowPrivateIssuer)
      : null;
  // With SSO unusable, passwords stay the way in whatever the setting says (as the sign-in page shows).
  const passwordSignInEnabled = config.passwordSignInEnabled || !sso;
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
          if (!passwordSignInEnabled) throw new Error(PASSWORD_SIGN_IN_OFF_MESSAGE);
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) return null;
          const forwarded = request.headers?.["x-forwarded-for"];
          const ip = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() || null;
          try {
            const user = await authenticate(getDb(), parsed.data.email, parsed.data.password, ip);
            return user
              ? { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion }
              : null;
          } catch (error) {
            // next-auth passes a thrown message to the client as the error code; only our own,
            // user-facing messages are let through.
            if (error instanceof AppError) throw new Error(error.message);
            throw error;
          }
        },
      }),
      ...(sso ? [sso] : []),
    ],
    callbacks: {
      // An SSO sign-in becomes a Sluice user here (matched, created or refused); the user object
      // next-auth passes on to the jwt callback then carries Sluice's id and session version. A
      // refusal goes back to the sign-in page with a code it explains.
      async signIn({ user, account, profile }) {
        if (account?.provider !== SSO_PROVIDER_ID) return true;
        const result = await signInBySso(getDb(), (profile ?? {}) as SsoClaims);
        if (!result.ok) return `/sign-in?error=sso_${result.reason}`;
        Object.assign(user, {
          id: result.user.id,
          email: result.user.email,
          name: result.user.name,
          sessionVersion: result.user.sessionVersion,
        });
        return true;
      },
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
    throw new AppError(
      "FORBIDDEN",
      `This needs the ${atLeast.toLowerCase()} role; you are ${user.role === "EDITOR" ? "an" : "a"} ${user.role.toLowerCase()}.`,
    );
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
