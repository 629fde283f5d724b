"use client";

import { useEffect, useState } from "react";
import { formatDateTime, formatRelative, formatUtcExact } from "@/lib/format/date-time";
import { useIsClient } from "./use-is-client";

/** The current time, updated every 30 s, for relative times; null during the server render. */
function useNow(enabled: boolean): number | null {
  const isClient = useIsClient();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [enabled]);
  return isClient ? now : null;
}

interface DateTimeProps {
  /** An ISO 8601 instant. */
  value: string;
  /** Show "3 min ago" / "in 2 h" for moments within a week, the date beyond. */
  relative?: boolean;
  seconds?: boolean;
  className?: string;
}

/**
 * A moment in the viewer's time zone ("6 Dec 2026, 04:28 CET"), or relative to now, with the exact
 * UTC time in its tooltip. Every date the app shows goes through this (or lib/format/date-time).
 */
export function DateTime({ value, relative = false, seconds = false, className }: DateTimeProps) {
  const now = useNow(relative);
  const isClient = now !== null;
  const timeZone = isClient ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC";
  const absolute = formatDateTime(value, { timeZone, seconds });
  const text = (relative && isClient ? formatRelative(value, now) : null) ?? absolute;
  const utc = formatUtcExact(value);
  return (
    <time dateTime={value} title={text === absolute ? utc : `${absolute} (${utc})`} className={className}>
      {text}
    </time>
  );
}
