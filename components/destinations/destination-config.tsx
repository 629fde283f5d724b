import Link from "next/link";
import type { ReactNode } from "react";
import { describeAlerts } from "@/lib/destinations/alert-webhook";
import type { DestinationView } from "@/lib/destinations/destination-view";
import { Badge } from "../ui/badge";
import { Card, CardBody, CardHeader } from "../ui/card";
import { DateTime } from "../ui/date-time";
import { toneText } from "../ui/tone-text";

function Row({ label, children, editHref }: { label: string; children: ReactNode; editHref?: string | null }) {
  return (
    <div className="grid grid-cols-[160px_1fr] items-start gap-4 border-b border-border py-3 text-sm last:border-0">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="flex min-w-0 items-start justify-between gap-3">
        <span className="min-w-0">{children}</span>
        {editHref ? (
          <Link href={editHref} className="shrink-0 text-xs font-medium text-primary hover:underline">
            Change<span className="sr-only"> {label.toLowerCase()}</span>
          </Link>
        ) : null}
      </dd>
    </div>
  );
}

/** Where a destination sends, from what, and when. */
export function DestinationConfig({ destination, canEdit }: { destination: DestinationView; canEdit: boolean }) {
  const edit = (step: string) => (canEdit ? `/destinations/${destination.id}/setup/${step}` : null);
  const connection = destination.connection;
  return (
    <Card>
      <CardHeader title="Configuration" />
      <CardBody className="py-1">
        <dl>
          <Row label="X connection" editHref={edit("connection")}>
            {connection ? (
              <span className="flex flex-wrap items-center gap-2">
                {connection.handle ?? connection.label}
                {connection.kind === "PIXEL_TOKEN" ? <Badge tone="neutral">Pixel access token</Badge> : null}
                {connection.revokedAt ? (
                  <Badge tone="danger" className={toneText.danger}>
                    Disconnected
                  </Badge>
                ) : (
                  <Badge tone="success" className={toneText.success}>
                    Connected
                  </Badge>
                )}
              </span>
            ) : (
              "—"
            )}
          </Row>
          <Row label="Ad account" editHref={connection?.kind === "PIXEL_TOKEN" ? null : edit("account")}>
            {destination.adAccountId ? (
              <>
                {destination.adAccountName}{" "}
                <span className="font-mono text-xs text-muted-foreground">{destination.adAccountId}</span>
              </>
            ) : connection?.kind === "PIXEL_TOKEN" ? (
              "Not needed with a pixel access token"
            ) : (
              "—"
            )}
          </Row>
          <Row label="Pixel ID" editHref={edit("event")}>
            <span className="font-mono">{destination.pixelId ?? "—"}</span>
          </Row>
          <Row label="Event ID" editHref={edit("event")}>
            <span className="font-mono">{destination.eventId ?? "—"}</span>
          </Row>
          <Row label="Source" editHref={edit("source")}>
            {destination.source
              ? `${destination.source.name} (${destination.source.kind === "CSV" ? "CSV file" : "PostgreSQL query"})`
              : "—"}
          </Row>
          <Row label="Schedule" editHref={edit("schedule")}>
            {destination.scheduleText}
          </Row>
          <Row label="Alerts" editHref={edit("schedule")}>
            {describeAlerts(destination.alerts)}
            {destination.alerts.webhookHint ? (
              <span className="mt-0.5 block break-all text-xs text-muted-foreground">
                Sent to <span className="font-mono">{destination.alerts.webhookHint}</span>
              </span>
            ) : null}
            {destination.alerts.emails.length > 0 ? (
              <span className="mt-0.5 block break-words text-xs text-muted-foreground">
                E-mailed to {destination.alerts.emails.join(", ")}
              </span>
            ) : null}
          </Row>
          <Row label="Next run">
            {destination.nextRunAt ? (
              <DateTime value={destination.nextRunAt} relative />
            ) : destination.status === "PAUSED" ? (
              "Paused"
            ) : (
              "Not scheduled"
            )}
          </Row>
          <Row label="Created">
            <DateTime value={destination.createdAt} />
          </Row>
        </dl>
      </CardBody>
    </Card>
  );
}
