"use client";

import { useSyncExternalStore } from "react";

const noSubscribe = () => () => {};

/** True in the browser after hydration, false in the server render and the hydrating one: for
 * what only the browser knows (the viewer's time zone) or may do (submit a form through its action). */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}
