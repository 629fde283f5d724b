import "server-only";
import { headers } from "next/headers";

/** The client's address for throttling, as Sluice's web server (scripts/web-server.mjs) put it in
 * X-Forwarded-For from the connection (and the trusted proxies); null when unknown. */
export async function clientAddress(): Promise<string | null> {
  return (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() || null;
}
