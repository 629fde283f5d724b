import type { NamedValue, XApiError } from "@/lib/x-ads/index";

export interface DestinationFacts {
  pixelId: string;
  /** The destination's own event (bare tag id) when every conversion carries it; null when the
   * event comes from a column, where an event error concerns only the rows carrying it. */
  eventId: string | null;
}

/**
 * Why X's rejection concerns the whole destination rather than some conversions, or null: the
 * destination's pixel is gone, or its one event is deleted, unknown or another account's. Every
 * batch would be refused the same way, so the run stops at once with this reason instead of
 * bisecting every batch down to single conversions. (A revoked token or lost access is an
 * auth_failure, which stops the run already.)
 */
export function destinationWideRejection(
  rejection: { status: number; errors: readonly XApiError[]; namedValues?: readonly NamedValue[] },
  destination: DestinationFacts,
): string | null {
  const { errors } = rejection;
  const said = (error: XApiError) => (error.message ? ` X said: ${error.message}` : "");

  // The stand-in's and X's 404s for a pixel that is not (or no longer) there; X documents no
  // wording for it, so any not-found that mentions a pixel counts, as does an unknown route.
  const pixelGone = errors.find(
    (error) =>
      error.code === "ROUTE_NOT_FOUND" ||
      (rejection.status === 404 && /\bpixel\b/i.test(error.message) && !/\bevent/i.test(error.message)),
  );
  if (pixelGone) {
    return `X does not know the destination's pixel ${destination.pixelId} (it may have been deleted, or belong to an ad account this connection cannot reach). Choose the pixel again in the destination's settings.${said(pixelGone)}`;
  }

  const eventId = destination.eventId;
  if (eventId === null) return null;
  const named = new Set(
    (rejection.namedValues ?? [])
      .filter((value) => value.parameter === "event_id")
      .map((value) => value.value.trim().toLowerCase()),
  );
  const aboutEvent = errors.find((error) => {
    const concernsEvent = error.parameter === "event_id" || /\bevent[ _]id\b/i.test(error.message);
    // An event error naming another value is not about the destination's event.
    return concernsEvent && (named.size === 0 || named.has(eventId));
  });
  if (aboutEvent) {
    return `X refuses the destination's event ${eventId} (it may have been deleted at X, or belong to another ad account). Choose the event again in the destination's settings.${said(aboutEvent)}`;
  }
  return null;
}
