const FORMAT = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** "1 Mar 2026, 10:15 UTC": the same text on the server and in the browser (no hydration drift). */
export function formatUtc(iso: string | null | undefined): string {
  return iso ? `${FORMAT.format(new Date(iso))} UTC` : "—";
}
