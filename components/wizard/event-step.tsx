import { getXApp } from "@/lib/connections/get-x-app";
import { openXConnection } from "@/lib/connections/open-x-connection";
import { readEventTags } from "@/lib/connections/x-reads";
import type { DestinationView } from "@/lib/destinations/destination-view";
import { secrets } from "@/lib/server/crypto";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/errors";
import { ConnectionUnusable } from "./connection-unusable";
import { Alert } from "../ui/alert";
import { EventStepForm, type PixelGroup } from "./event-step-form";

export async function EventStep({ destination, readOnly }: { destination: DestinationView; readOnly: boolean }) {
  let opened;
  try {
    opened = await openXConnection(getDb(), secrets(), getXApp(), destination.connection!.id);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return <ConnectionUnusable message={error.message} backHref={`/destinations/${destination.id}/setup/connection`} />;
  }
  const back = `/destinations/${destination.id}/setup/account`;
  if (opened.kind === "PIXEL_TOKEN") {
    return (
      <EventStepForm destinationId={destination.id} groups={[]} pixelId={destination.pixelId ?? opened.pixelId} eventId={destination.eventId} fixedPixel={opened.pixelId} readOnly={readOnly} backHref={back}>
        <Alert tone="info" title="Typed, not verified">
          A pixel access token cannot read the account&apos;s events, so the Event ID cannot be checked here. Send a test event in the preview to check it with X.
        </Alert>
      </EventStepForm>
    );
  }
  const tags = await readEventTags(opened.id, opened.client, destination.adAccountId!);
  const groups: PixelGroup[] = [];
  if (tags.ok) {
    for (const tag of tags.value.filter((candidate) => !candidate.deleted)) {
      let group = groups.find((candidate) => candidate.pixelId === tag.pixelId);
      if (!group) groups.push((group = { pixelId: tag.pixelId, events: [] }));
      group.events.push({ id: tag.id, name: tag.name, type: tag.type, status: tag.status });
    }
  }
  return (
    <EventStepForm destinationId={destination.id} groups={groups} pixelId={destination.pixelId} eventId={destination.eventId} fixedPixel={null} readOnly={readOnly} backHref={back}>
      {!tags.ok ? <Alert tone="info" title="Could not read the account's events">{tags.message} You can still type the IDs; they are checked when you continue.</Alert> : null}
      {tags.ok && groups.length === 0 ? (
        <Alert tone="info" title={`${destination.adAccountName ?? "This account"} has no events yet`}>
          Create one in X Ads Manager under Tools → Events Manager → Add events, then reload this page.
        </Alert>
      ) : null}
    </EventStepForm>
  );
}
