"use client";

import { startTransition, useActionState } from "react";
import { disconnectXConnectionAction } from "@/app/(app)/destinations/connections/actions";
import type { XConnectionView } from "@/lib/connections/x-connection-view";
import { Alert } from "../ui/alert";
import { Card, CardHeader } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Table, Td, Th } from "../ui/table";
import { toneText } from "../ui/tone-text";
import { ConnectionSummary } from "./connection-summary";

/** The organisation's X connections; owners can disconnect them (tokens revoked at X). */
export function ConnectionsTable({ connections, canManage }: { connections: XConnectionView[]; canManage: boolean }) {
  const [state, disconnect, pending] = useActionState(disconnectXConnectionAction, null);
  return (
    <Card>
      <CardHeader
        title="Connections"
        description="Shared by every destination; tokens are stored encrypted and never shown."
      />
      {state ? (
        <div className="px-5 pt-4">
          <Alert tone={state.ok ? "success" : "danger"}>{state.message}</Alert>
        </div>
      ) : null}
      <Table>
        <thead>
          <tr>
            <Th>Connection</Th>
            <Th className="text-right">
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {connections.map((connection) => (
            <tr key={connection.id}>
              <Td>
                <ConnectionSummary connection={connection} />
              </Td>
              <Td className="text-right">
                {canManage && !connection.revokedAt ? (
                  <ConfirmDialog
                    triggerLabel="Disconnect"
                    triggerProps={{
                      variant: "ghost",
                      size: "sm",
                      disabled: pending,
                      className: `hover:bg-danger-soft ${toneText.danger}`,
                      "aria-label": `Disconnect ${connection.handle ?? connection.label}`,
                    }}
                    title={`Disconnect ${connection.handle ?? connection.label}?`}
                    confirmLabel="Disconnect"
                    onConfirm={() => startTransition(() => disconnect({ connectionId: connection.id }))}
                  >
                    {connection.kind === "OAUTH"
                      ? "Sluice asks X to revoke its token and deletes it. "
                      : "The token is deleted from Sluice. "}
                    {connection.destinationCount > 0
                      ? `${connection.destinationCount} destination${connection.destinationCount === 1 ? " uses" : "s use"} it and will stop sending until another connection is chosen.`
                      : "No destination uses it."}
                  </ConfirmDialog>
                ) : null}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
