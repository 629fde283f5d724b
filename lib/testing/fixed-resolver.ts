import type { HostResolver } from "@/lib/alerts/webhook-target";

/**
 * A host resolver that answers from a table, as DNS would (a name not in it is ENOTFOUND). Tests
 * pass it to code that looks names up, because this machine has no DNS to the internet; the code
 * under test is the app's own, only the answers are fixed. `asked` lists every name looked up.
 */
export function fixedResolver(table: Record<string, string[]>): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    const addresses = Object.hasOwn(table, hostname) ? table[hostname] : undefined;
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return [...addresses];
  };
  return Object.assign(resolve, { asked });
}

/** Public addresses for the webhook hosts tests use. */
export const PUBLIC_WEBHOOK_HOSTS: Record<string, string[]> = {
  "hooks.slack.com": ["34.228.14.101", "2600:1f18:2489:8202::1"],
  "hooks.example.com": ["93.184.216.34"],
};
