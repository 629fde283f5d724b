import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getCurrentUser, loadSignInConfig } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";
import { isIssuerUrlAllowed } from "@/lib/sso/issuer-discovery";
import { signInErrorMessage } from "@/lib/sso/sign-in-error-message";
import { countUsers } from "@/lib/users/manage-users";
import { safeReturnPath } from "@/lib/validation/safe-return-path";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const DEFAULT_RETURN = "/destinations";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }>;
}) {
  if ((await countUsers(getDb())) === 0) redirect("/setup");
  const { callbackUrl, error } = await searchParams;
  // Only same-site paths are followed after sign-in (no open redirect); a repeated parameter
  // arrives as an array, which is refused like anything else that is not one path.
  const returnTo = safeReturnPath(callbackUrl) ?? DEFAULT_RETURN;
  if (await getCurrentUser()) redirect(returnTo);
  const config = await loadSignInConfig();
  // The same condition as the provider list next-auth is given (getAuthOptions).
  const ssoEnabled =
    config.provider !== null && isIssuerUrlAllowed(config.provider.issuerUrl, getEnv().SLUICE_SSO_ISSUER_PRIVATE);
  return (
    <SignInForm
      returnTo={returnTo}
      ssoEnabled={ssoEnabled}
      passwordEnabled={config.passwordSignInEnabled || !ssoEnabled}
      initialError={signInErrorMessage(error)}
    />
  );
}
