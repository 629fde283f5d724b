import type { RunAlertView } from "@/lib/runs/list-run-alerts";
import { Badge } from "../ui/badge";
import { Card, CardBody, CardHeader } from "../ui/card";
import { toneText } from "../ui/tone-text";
import { DateTime } from "../ui/date-time";

const EVENT_LABELS: Record<string, string> = {
  "run.failed": "Run failed",
  "run.source_unreachable": "Source unreachable",
  "run.rejected_share_exceeded": "Too many rows rejected",
};

/** The alerts sent about this run (webhook calls and e-mails), and how each went. */
export function RunAlerts({ alerts }: { alerts: RunAlertView[] }) {
  return (
    <Card role="region" aria-label="Alerts">
      <CardHeader
        title="Alerts"
        description="Calls to this destination's alert webhook and e-mails to its addresses about this run, newest first."
      />
      <CardBody>
        <ul className="space-y-3 text-sm">
          {alerts.map((alert) => {
            const delivered = alert.error === null && alert.statusCode !== null;
            return (
              <li key={alert.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
                <span className="min-w-0">
                  <span className="block font-medium">{EVENT_LABELS[alert.event] ?? alert.event}</span>
                  <span className="block break-all text-xs text-muted-foreground">
                    {alert.channel === "email" ? "e-mailed to" : "to"}{" "}
                    <span className="font-mono text-foreground">{alert.target}</span>
                  </span>
                  <DateTime value={alert.at} seconds className="block text-xs text-muted-foreground" />
                  {alert.error ? <span className={`block text-xs ${toneText.danger}`}>{alert.error}</span> : null}
                </span>
                {delivered ? (
                  <Badge tone="success" className={toneText.success}>
                    Delivered · {alert.channel === "email" ? "SMTP" : "HTTP"} {alert.statusCode}
                  </Badge>
                ) : (
                  <Badge tone="danger" className={toneText.danger}>
                    Not delivered
                  </Badge>
                )}
              </li>
            );
          })}
        </ul>
      </CardBody>
    </Card>
  );
}
