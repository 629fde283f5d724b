const NUMBER = new Intl.NumberFormat("en-US");

/** 12,345: the same on the server and in the browser (no hydration drift). */
export const formatCount = (value: number): string => NUMBER.format(value);

/** "850 ms", "42 s", "3 min 05 s", "2 h 14 min". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1_000) return `${ms} ms`;
  const seconds = Math.floor(ms / 1_000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

export const TRIGGER_LABELS = { MANUAL: "By hand", SCHEDULE: "Schedule", CLI: "Command line", API: "API" } as const;
