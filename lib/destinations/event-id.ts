/**
 * Event IDs as X accepts them (x-ads-api.md §1.2): bare base-36 (`o87ne`) or
 * `tw-<pixel_id>-<event_id>` (`tw-o8z6j-o87ne`), case-insensitive.
 */
const BARE = /^[a-z0-9]{1,32}$/;
const PREFIXED = /^tw-([a-z0-9]{1,32})-([a-z0-9]{1,32})$/;

export type ParsedEventId =
  { ok: true; eventId: string; bare: string; pixelId: string | null } | { ok: false; message: string };

export function parseEventIdInput(value: string): ParsedEventId {
  const id = value.trim().toLowerCase();
  if (!id) return { ok: false, message: "Enter the Event ID." };
  if (BARE.test(id)) return { ok: true, eventId: id, bare: id, pixelId: null };
  const prefixed = PREFIXED.exec(id);
  if (prefixed) return { ok: true, eventId: id, bare: prefixed[2]!, pixelId: prefixed[1]! };
  return {
    ok: false,
    message: "An Event ID is base 36 (letters and digits, like o87ne) or tw-<pixel>-<event>, like tw-o8z6j-o87ne.",
  };
}
