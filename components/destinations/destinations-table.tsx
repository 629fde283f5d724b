import Link from "next/link";
import type { DestinationView } from "@/lib/destinations/destination-view";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { DateTime } from "../ui/date-time";
import { Table, Td, Th } from "../ui/table";
import { DestinationActions } from "./destination-actions";
import { DestinationStatusBadge } from "./destination-status-badge";
import { RunStatusBadge } from "./run-status-badge";
import { toneText } from "../ui/tone-text";

export function DestinationsTable({
  destinations,
  canEdit,
  footer,
}: {
  destinations: DestinationView[];
  canEdit: boolean;
  footer?: React.ReactNode;
}) {
  return (
    <Card>
      <Table>
        <thead>
          <tr>
            <Th>Destination</Th>
            <Th>Status</Th>
            <Th>Connected as</Th>
            <Th>Last run</Th>
            <Th>Next run</Th>
            <Th className="text-right">
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {destinations.map((destination) => {
            const setupHref = `/destinations/${destination.id}/setup/${destination.status === "DRAFT" ? destination.resumeStep : "connection"}`;
            const href = destination.status === "DRAFT" ? setupHref : `/destinations/${destination.id}`;
            const connection = destination.connection;
            return (
              <tr key={destination.id}>
                <Td>
                  <Link href={href} className="font-medium hover:underline">
                    {destination.name}
                  </Link>
                  <p className="text-xs text-muted-foreground">
                    {destination.source ? destination.source.name : "No source yet"}
                    {destination.eventId ? (
                      <>
                        {" "}
                        →{" "}
                        <span className="font-mono">
                          {destination.pixelId}/{destination.eventId}
                        </span>
                      </>
                    ) : null}
                    {destination.adAccountName ? ` · ${destination.adAccountName}` : ""}
                  </p>
                </Td>
                <Td>
                  <DestinationStatusBadge status={destination.status} />
                  {destination.status === "DRAFT" ? (
                    <p className="mt-1 text-xs text-muted-foreground">
                      {destination.steps.filter((step) => step.complete).length} of {destination.steps.length} steps
                      done
                    </p>
                  ) : null}
                </Td>
                <Td>
                  {connection ? (
                    connection.revokedAt ? (
                      <Badge tone="danger" className={toneText.danger}>
                        Disconnected
                      </Badge>
                    ) : (
                      <span className="text-sm">{connection.handle ?? connection.label}</span>
                    )
                  ) : (
                    <span className="text-sm text-muted-foreground">Not connected</span>
                  )}
                </Td>
                <Td>
                  {destination.lastRun ? (
                    <span className="flex flex-col items-start gap-0.5">
                      <RunStatusBadge status={destination.lastRun.status} />
                      <DateTime value={destination.lastRun.at} relative className="text-xs text-muted-foreground" />
                    </span>
                  ) : (
                    <span className="text-sm text-muted-foreground">Never</span>
                  )}
                </Td>
                <Td className="text-sm">
                  {destination.nextRunAt ? (
                    <DateTime value={destination.nextRunAt} relative />
                  ) : (
                    <span className="text-muted-foreground">
                      {destination.status === "PAUSED"
                        ? "Paused"
                        : destination.status === "DRAFT"
                          ? "—"
                          : destination.scheduleText}
                    </span>
                  )}
                </Td>
                <Td className="text-right">
                  {canEdit ? (
                    <DestinationActions
                      id={destination.id}
                      name={destination.name}
                      status={destination.status}
                      editHref={setupHref}
                    />
                  ) : (
                    <Link href={href} className="text-sm font-medium text-primary hover:underline">
                      View<span className="sr-only"> {destination.name}</span>
                    </Link>
                  )}
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      {footer}
    </Card>
  );
}
