import type { Metadata } from "next";
import { SettingsNav } from "@/components/settings/settings-nav";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/server/auth";
import { getEnv } from "@/lib/server/env";

export const metadata: Metadata = { title: "Settings" };

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 border-b border-border py-3 text-sm last:border-0 sm:grid-cols-[200px_1fr] sm:gap-4">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

export default async function SettingsPage() {
  const user = await requirePageUser("VIEWER");
  const env = getEnv();
  return (
    <>
      <PageHeader title="Settings" description="How this Sluice is configured." />
      <SettingsNav current="/settings" isOwner={hasRole(user.role, "OWNER")} />
      <Card>
        <CardHeader
          title="Environment"
          description="Set by the server's configuration (see the README); shown here read-only."
        />
        <CardBody>
          <dl>
            <Row label="Database">
              {env.SLUICE_EMBEDDED_DATABASE ? (
                <Badge tone="warning">Embedded PostgreSQL (PGlite) in {env.SLUICE_DATA_DIR}</Badge>
              ) : (
                <Badge tone="success">PostgreSQL server</Badge>
              )}
            </Row>
            <Row label="X Ads API">
              <code className="break-all text-xs">{env.X_ADS_API_BASE_URL}</code>{" "}
              {env.SLUICE_X_STANDIN ? <Badge tone="warning">Local X stand-in</Badge> : null}
            </Row>
            <Row label="X app credentials">
              {env.X_CONSUMER_KEY ? (
                <Badge tone="success">Configured</Badge>
              ) : (
                <Badge tone="danger">Not configured</Badge>
              )}
            </Row>
            <Row label="Secrets at rest">
              AES-256-GCM
              {env.SLUICE_ENCRYPTION_KEY ? " (key from SLUICE_ENCRYPTION_KEY)" : " (key generated in the data folder)"}
            </Row>
          </dl>
        </CardBody>
      </Card>
    </>
  );
}
