import { Link2 } from "lucide-react";
import type { XConnectionView } from "@/lib/connections/x-connection-view";
import type { DestinationView } from "@/lib/destinations/destination-view";
import { ConnectResultAlert } from "../connections/connect-result-alert";
import { ConnectXButton } from "../connections/connect-x-button";
import { PixelTokenForm } from "../connections/pixel-token-form";
import { Alert } from "../ui/alert";
import { EmptyState } from "../ui/empty-state";
import { ConnectionStepForm } from "./connection-step-form";

interface ConnectionStepProps {
  destination: DestinationView;
  connections: XConnectionView[];
  readOnly: boolean;
  /** Owners add connections; editors choose among them (connections are the organisation's). */
  canConnect: boolean;
  connectError: string | null;
  connectedId: string | null;
}

export function ConnectionStep({
  destination,
  connections,
  readOnly,
  canConnect,
  connectError,
  connectedId,
}: ConnectionStepProps) {
  const returnTo = `/destinations/${destination.id}/setup/connection`;
  const connected = connections.find((connection) => connection.id === connectedId) ?? null;
  const selectedId =
    connected?.id ??
    (destination.connection && !destination.connection.revokedAt
      ? destination.connection.id
      : (connections[0]?.id ?? null));
  return (
    <div className="space-y-5">
      <ConnectResultAlert
        error={connectError}
        connected={connected}
        returnTo={returnTo}
        canConnect={canConnect}
        where="chosen"
      />
      {destination.connection?.revokedAt ? (
        <Alert tone="info" title={`${destination.connection.handle ?? destination.connection.label} was disconnected`}>
          This destination cannot send until it uses another connection. Choose one below
          {canConnect ? " or connect X again" : ""}.
        </Alert>
      ) : null}
      {connections.length === 0 ? (
        <EmptyState
          icon={Link2}
          title="No X account connected yet"
          action={canConnect && !readOnly ? <ConnectXButton returnTo={returnTo} /> : undefined}
        >
          {canConnect
            ? "Connect the X account that manages your ad account. You will sign in on X and approve Sluice; X never shares your password, and the tokens it gives are stored encrypted."
            : "An owner connects X for the whole organisation. Ask one to connect X, then come back to choose it here."}
        </EmptyState>
      ) : (
        <ConnectionStepForm
          destinationId={destination.id}
          connections={connections}
          selectedId={selectedId}
          readOnly={readOnly}
        />
      )}
      {canConnect && !readOnly ? (
        <div className="space-y-4 border-t border-border pt-5">
          {connections.length > 0 ? (
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p className="text-sm text-muted-foreground">Another X user manages this ad account?</p>
              <ConnectXButton returnTo={returnTo} label="Connect another X account" variant="secondary" />
            </div>
          ) : null}
          <details className="group rounded-md border border-border">
            <summary className="cursor-pointer px-4 py-3 text-sm font-medium">Use a pixel access token instead</summary>
            <div className="border-t border-border px-4 py-4">
              <PixelTokenForm />
            </div>
          </details>
        </div>
      ) : null}
    </div>
  );
}
