import { lookup, promises as dns, type LookupAddress, type LookupOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { isPrivateAddress } from "./private-address";

export { isPrivateAddress };

/**
 * Alert webhooks are URLs an editor types and the worker calls, from inside your network. So
 * unless private targets are allowed (SLUICE_ALERT_WEBHOOKS_PRIVATE=1, for local testing), a
 * webhook may only reach public addresses: the URL is refused when saved if its host is a private
 * address, a private name, or a name that resolves to any private address (127.0.0.1.nip.io) or
 * to none; and every address a name resolves to is checked again at connect time, so a name that
 * later resolves inward (DNS rebinding) is refused too.
 */

const PRIVATE_NAME = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa)$/i;

export const PRIVATE_TARGET_MESSAGE =
  "Alerts can only go to a public address: this one is on a private network or this machine.";
export const UNRESOLVED_TARGET_MESSAGE =
  "Sluice could not find this host name's address. Check it for typos; it must resolve from the Sluice server.";

/** Why a webhook URL's host may not be called, judged from the URL alone (no DNS), or null. */
export function privateTargetReason(url: string, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  const { hostname, protocol } = new URL(url);
  // Plain http is for this machine only, which is private.
  const isPrivate =
    protocol !== "https:" || isPrivateAddress(hostname) || PRIVATE_NAME.test(hostname.replace(/\.$/, ""));
  return isPrivate ? PRIVATE_TARGET_MESSAGE : null;
}

/** The addresses a host name resolves to. Injectable so tests can give names that this machine
 * (which has no DNS to the internet) cannot look up, without touching the system resolver. */
export type HostResolver = (hostname: string) => Promise<string[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** How long saving a webhook waits for DNS. */
export const SAVE_LOOKUP_TIMEOUT_MS = 3_000;

/**
 * Why a webhook URL may not be saved, or null: privateTargetReason, then, for a host name, every
 * address it resolves to must be public, and it must resolve at all (within `timeoutMs`). With
 * private targets allowed there is nothing to check, so nothing is looked up.
 */
export async function webhookTargetRefusal(
  url: string,
  options: { allowPrivate: boolean; resolve?: HostResolver; timeoutMs?: number },
): Promise<string | null> {
  if (options.allowPrivate) return null;
  const byName = privateTargetReason(url, false);
  if (byName) return byName;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return null;
  const addresses = await withTimeout(
    (options.resolve ?? systemResolver)(host),
    options.timeoutMs ?? SAVE_LOOKUP_TIMEOUT_MS,
  ).catch(() => null);
  if (!addresses || addresses.length === 0) return UNRESOLVED_TARGET_MESSAGE;
  // Something that is not an address at all is no public address either.
  return addresses.some((address) => !isIP(address) || isPrivateAddress(address)) ? PRIVATE_TARGET_MESSAGE : null;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class PrivateTargetError extends Error {
  constructor() {
    super("The webhook's address resolves to a private network or this machine, which alerts may not call.");
    this.name = "PrivateTargetError";
  }
}

/** dns.lookup, refusing private addresses (a connection to a name goes through this; the SSO
 * issuer's requests use it too). */
export function publicLookup(
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (addresses.length === 0 || addresses.some((entry) => isPrivateAddress(entry.address)))
      return callback(new PrivateTargetError(), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** POSTs a JSON body; the response's status code (its body is not read). Redirects are not
 * followed. Without `allowPrivate`, private targets fail with PrivateTargetError. */
export function postToWebhook(
  url: string,
  body: string,
  options: { allowPrivate: boolean; timeoutMs: number; userAgent: string },
): Promise<number> {
  const target = new URL(url);
  if (!options.allowPrivate && (isPrivateAddress(target.hostname) || target.protocol !== "https:"))
    return Promise.reject(new PrivateTargetError());
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": options.userAgent,
        },
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(options.allowPrivate ? {} : { lookup: publicLookup }),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", (error) =>
      reject(error instanceof PrivateTargetError || !(error.cause instanceof PrivateTargetError) ? error : error.cause),
    );
    request.end(body);
  });
}
