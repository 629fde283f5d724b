import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getCurrentUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { countUsers } from "@/lib/users/manage-users";
import { safeReturnPath } from "@/lib/validation/safe-return-path";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const DEFAULT_RETURN = "/destinations";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }> }) {
  if ((await countUsers(getDb())) === 0) redirect("/setup");
  const { callbackUrl } = await searchParams;
  // Only same-site paths are followed after sign-in (no open redirect); a repeated parameter
  // arrives as an array, which is refused like anything else that is not one path.
  const returnTo = safeReturnPath(callbackUrl) ?? DEFAULT_RETURN;
  if (await getCurrentUser()) redirect(returnTo);
  return <SignInForm returnTo={returnTo} />;
}
