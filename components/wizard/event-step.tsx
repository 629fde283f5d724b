import type { XRead } from "@/lib/connections/x-reads";
import type { DestinationView } from "@/lib/destinations/destination-view";
import type { XStepRead } from "@/lib/destinations/load-wizard-step";
import type { XWebEventTag } from "@/lib/x-ads";
import { RefreshCw } from "lucide-react";
import Link from "next/link";
import { ConnectionUnusable } from "./connection-unusable";
import { XReadProblem } from "./x-read-problem";
import { buttonVariants } from "../ui/button";
import { Alert } from "../ui/alert";
import { EventStepForm, type PixelGroup } from "./event-step-form";

/** `read`: what the page read through the destination's X connection (load-wizard-step.ts). */
export function EventStep({
  destination,
  readOnly,
  read,
}: {
  destination: DestinationView;
  readOnly: boolean;
  read: XStepRead<XRead<XWebEventTag[]>>;
}) {
  if (read.kind === "unusable") {
    return <ConnectionUnusable message={read.message} backHref={`/destinations/${destination.id}/setup/connection`} />;
  }
  const back = `/destinations/${destination.id}/setup/account`;
  if (read.kind === "pixel_token") {
    return (
      <EventStepForm
        destinationId={destination.id}
        groups={[]}
        pixelId={destination.pixelId ?? read.pixelId}
        eventId={destination.eventId}
        fixedPixel={read.pixelId}
        readOnly={readOnly}
        backHref={back}
      >
        <Alert tone="info" title="Typed, not verified">
          A pixel access token cannot read the account&apos;s events, so the Event ID cannot be checked here. Send a
          test event in the preview to check it with X.
        </Alert>
      </EventStepForm>
    );
  }
  const tags = read.read;
  const retryHref = `/destinations/${destination.id}/setup/event?refresh=1`;
  const connectionHref = `/destinations/${destination.id}/setup/connection`;
  const groups: PixelGroup[] = [];
  if (tags.ok) {
    for (const tag of tags.value.filter((candidate) => !candidate.deleted)) {
      let group = groups.find((candidate) => candidate.pixelId === tag.pixelId);
      if (!group) groups.push((group = { pixelId: tag.pixelId, events: [] }));
      group.events.push({ id: tag.id, name: tag.name, type: tag.type, status: tag.status });
    }
  }
  return (
    <EventStepForm
      destinationId={destination.id}
      groups={groups}
      pixelId={destination.pixelId}
      eventId={destination.eventId}
      fixedPixel={null}
      readOnly={readOnly}
      backHref={back}
    >
      {!tags.ok ? (
        <XReadProblem
          title="Could not read the account's events"
          message={
            tags.remedy === "retry"
              ? `${tags.message} You can still type the IDs; they are checked when you continue.`
              : tags.message
          }
          remedy={tags.remedy}
          retryHref={retryHref}
          connectionHref={connectionHref}
        />
      ) : null}
      {tags.ok && groups.length === 0 ? (
        <Alert tone="info" title={`${destination.adAccountName ?? "This account"} has no pixel events yet`}>
          <p>
            Conversions are counted on an event of the account&apos;s X Pixel. In X Ads Manager, open Tools → Events
            Manager, set up the X Pixel if there is none, and add an event (a purchase, say). Then check again.
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Link href={retryHref} className={buttonVariants({ variant: "secondary", size: "sm" })}>
              <RefreshCw aria-hidden className="h-3.5 w-3.5" />
              Check again
            </Link>
            <Link
              href={`/destinations/${destination.id}/setup/account`}
              className={buttonVariants({ variant: "ghost", size: "sm" })}
            >
              Choose another ad account
            </Link>
          </div>
        </Alert>
      ) : null}
    </EventStepForm>
  );
}
