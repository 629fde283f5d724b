const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "3 minutes ago", or the date for anything older than a week. `now` is the render time. */
export function formatWhen(iso: string, now = Date.now()): string {
  const at = new Date(iso).getTime();
  const elapsed = now - at;
  if (elapsed < 60_000) return "just now";
  if (elapsed < 7 * 86_400_000) {
    const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
    for (const [unit, ms] of UNITS) {
      if (elapsed >= ms) return format.format(-Math.floor(elapsed / ms), unit);
    }
  }
  return formatUtc(iso);
}

/** A fixed, unambiguous form for titles and old dates: "2026-11-28 19:20 UTC". */
export function formatUtc(iso: string): string {
  return `${iso.replace("T", " ").slice(0, 16)} UTC`;
}
