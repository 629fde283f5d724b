import { lookup, type LookupAddress, type LookupOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";

/**
 * Alert webhooks are URLs an editor types and the worker calls, from inside your network. So
 * unless private targets are allowed (SLUICE_ALERT_WEBHOOKS_PRIVATE=1, for local testing), a
 * webhook may only reach public addresses: the URL is refused when saved if its host is a private
 * name or address, and every address a name resolves to is checked again at connect time, so a
 * name that later resolves inward (DNS rebinding) is refused too.
 */

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 127], // :: and ::1
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv6");
}

/** Loopback, private, link-local (cloud metadata), carrier-grade NAT, multicast or reserved. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  if (family === 4) return PRIVATE.check(bare, "ipv4");
  if (family !== 6) return false;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is that IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return PRIVATE.check(mapped[1]!, "ipv4");
  return PRIVATE.check(bare, "ipv6");
}

const PRIVATE_NAME = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa)$/i;

export const PRIVATE_TARGET_MESSAGE = "Alerts can only go to a public address: this one is on a private network or this machine.";

/** Why a webhook URL's host may not be called, or null. The name check is a quick answer on
 * save; `postToWebhook` checks the resolved addresses whatever the name. */
export function privateTargetReason(url: string, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  const { hostname, protocol } = new URL(url);
  // Plain http is for this machine only, which is private.
  const isPrivate = protocol !== "https:" || isPrivateAddress(hostname) || PRIVATE_NAME.test(hostname.replace(/\.$/, ""));
  return isPrivate ? PRIVATE_TARGET_MESSAGE : null;
}

export class PrivateTargetError extends Error {
  constructor() {
    super("The webhook's address resolves to a private network or this machine, which alerts may not call.");
    this.name = "PrivateTargetError";
  }
}

/** dns.lookup, refusing private addresses (a connection to a name goes through this). */
function publicLookup(hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (addresses.length === 0 || addresses.some((entry) => isPrivateAddress(entry.address))) return callback(new PrivateTargetError(), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** POSTs a JSON body; the response's status code (its body is not read). Redirects are not
 * followed. Without `allowPrivate`, private targets fail with PrivateTargetError. */
export function postToWebhook(url: string, body: string, options: { allowPrivate: boolean; timeoutMs: number; userAgent: string }): Promise<number> {
  const target = new URL(url);
  if (!options.allowPrivate && (isPrivateAddress(target.hostname) || target.protocol !== "https:")) return Promise.reject(new PrivateTargetError());
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": options.userAgent },
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(options.allowPrivate ? {} : { lookup: publicLookup }),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", (error) => reject(error instanceof PrivateTargetError || !(error.cause instanceof PrivateTargetError) ? error : error.cause));
    request.end(body);
  });
}
