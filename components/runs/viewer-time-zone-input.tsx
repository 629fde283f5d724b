"use client";

import { useIsClient } from "../ui/use-is-client";

/** A hidden field carrying the viewer's IANA zone, so a GET form's dates mean the viewer's days. */
export function ViewerTimeZoneInput({ name = "tz" }: { name?: string }) {
  const isClient = useIsClient();
  return (
    <input type="hidden" name={name} value={isClient ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC"} />
  );
}
