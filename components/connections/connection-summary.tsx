import type { XConnectionView } from "@/lib/connections/x-connection-view";
import { DateTime } from "../ui/date-time";
import { Badge } from "../ui/badge";
import { toneText } from "../ui/tone-text";

/** A connection's name, kind and who connected it when. */
export function ConnectionSummary({ connection }: { connection: XConnectionView }) {
  return (
    <span className="block min-w-0">
      <span className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{connection.handle ?? connection.label}</span>
        <Badge tone={connection.kind === "OAUTH" ? "primary" : "neutral"}>
          {connection.kind === "OAUTH" ? "X account (OAuth)" : `Pixel access token · ${connection.pixelId}`}
        </Badge>
        {connection.revokedAt ? (
          <Badge tone="danger" className={toneText.danger}>
            Disconnected
          </Badge>
        ) : null}
      </span>
      <span className="mt-0.5 block text-xs text-muted-foreground">
        Connected {connection.connectedByEmail ? `by ${connection.connectedByEmail} ` : ""}on{" "}
        <DateTime value={connection.connectedAt} />
        {connection.destinationCount > 0
          ? ` · used by ${connection.destinationCount} destination${connection.destinationCount === 1 ? "" : "s"}`
          : ""}
      </span>
    </span>
  );
}
