import type { Metadata } from "next";
import { ApiTokensTable } from "@/components/settings/api-tokens-table";
import { CreateApiTokenForm } from "@/components/settings/create-api-token-form";
import { SettingsNav } from "@/components/settings/settings-nav";
import { PageHeader } from "@/components/ui/page-header";
import { listApiTokens } from "@/lib/api/manage-api-tokens";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  await requirePageUser("OWNER");
  const tokens = await listApiTokens(getDb());
  return (
    <>
      <PageHeader
        title="Settings"
        description="Tokens for the REST API, for orchestrators such as Airflow or GitHub Actions."
      />
      <SettingsNav current="/settings/api-tokens" isOwner />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
        <ApiTokensTable tokens={tokens} />
        <CreateApiTokenForm />
      </div>
    </>
  );
}
