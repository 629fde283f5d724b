import type { Metadata } from "next";
import { PasswordSignInCard } from "@/components/settings/password-sign-in-card";
import { SettingsNav } from "@/components/settings/settings-nav";
import { SsoSettingsForm } from "@/components/settings/sso-settings-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";
import { getSsoSettingsView } from "@/lib/sso/sso-settings";

export const metadata: Metadata = { title: "Single sign-on" };

export default async function SsoSettingsPage() {
  await requirePageUser("OWNER");
  const settings = await getSsoSettingsView(getDb());
  const env = getEnv();
  const callbackUrl = `${(env.NEXTAUTH_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/+$/, "")}/api/auth/callback/sso`;
  return (
    <>
      <PageHeader title="Settings" description="Let people sign in with your identity provider (OpenID Connect)." />
      <SettingsNav current="/settings/sso" isOwner />
      <div className="grid gap-6 lg:grid-cols-[1fr_320px]">
        <SsoSettingsForm settings={settings} callbackUrl={callbackUrl} />
        <PasswordSignInCard settings={settings} />
      </div>
    </>
  );
}
