import { Link2 } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ConnectResultAlert } from "@/components/connections/connect-result-alert";
import { ConnectXButton } from "@/components/connections/connect-x-button";
import { ConnectionsTable } from "@/components/connections/connections-table";
import { PixelTokenForm } from "@/components/connections/pixel-token-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { hasRole } from "@/lib/auth/roles";
import { listXConnections } from "@/lib/connections/manage-x-connections";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";

export const metadata: Metadata = { title: "X connections" };

export default async function ConnectionsPage({
  searchParams,
}: {
  searchParams: Promise<{ connected?: string; connect_error?: string }>;
}) {
  const user = await requirePageUser("VIEWER");
  const canManage = hasRole(user.role, "OWNER");
  const { connected, connect_error: connectError } = await searchParams;
  const connections = await listXConnections(getDb(), { includeRevoked: true });
  const returnTo = "/destinations/connections";
  return (
    <>
      <p className="mb-1 text-sm text-muted-foreground">
        <Link href="/destinations" className="hover:text-foreground hover:underline">
          Destinations
        </Link>
      </p>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">X connections</h1>
          <p className="mt-1 text-sm text-muted-foreground">
            The X accounts (and pixel access tokens) Sluice sends conversions with.
          </p>
        </div>
        {canManage ? <ConnectXButton returnTo={returnTo} /> : null}
      </div>
      <div className="space-y-6">
        <ConnectResultAlert
          error={connectError ?? null}
          connected={connections.find((c) => c.id === connected) ?? null}
          returnTo={returnTo}
          canConnect={canManage}
        />
        {!canManage ? (
          <Alert tone="info">
            Only owners add or disconnect X connections; editors choose among them when setting up a destination.
          </Alert>
        ) : null}
        {connections.length === 0 ? (
          <EmptyState
            icon={Link2}
            title="No X connections yet"
            action={canManage ? <ConnectXButton returnTo={returnTo} /> : undefined}
          >
            Connect the X account that manages your ad account. You approve Sluice on X; the tokens X gives are stored
            encrypted and never shown.
          </EmptyState>
        ) : (
          <ConnectionsTable connections={connections} canManage={canManage} />
        )}
        {canManage ? (
          <Card>
            <CardHeader
              title="Pixel access token"
              description="Instead of connecting an X account, for a pixel set up with X's Conversion API token."
            />
            <CardBody>
              <PixelTokenForm />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
