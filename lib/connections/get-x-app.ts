import "server-only";
import { getEnv } from "@/lib/server/env";
import { resolveXApp, type XApp } from "./x-app";

/** The X app from this server's environment (real X, or the stand-in in demo mode). */
export function getXApp(): XApp {
  return resolveXApp(getEnv());
}
