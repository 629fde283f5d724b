import http from "node:http";
import https from "node:https";
import {
  PRIVATE_TARGET_MESSAGE,
  privateTargetReason,
  publicLookup,
  webhookTargetRefusal,
  type HostResolver,
} from "../alerts/webhook-target";

// The issuer URL is typed by an owner and fetched by the server, from inside your network: the
// same guards as alert webhooks apply (https to public addresses only, checked by name when saved
// and at connect time against DNS rebinding), unless SLUICE_SSO_ISSUER_PRIVATE allows a local
// test issuer.

export const PRIVATE_ISSUER_MESSAGE =
  "The issuer must be an https:// address on the public internet: this one is plain http, on a private network or this machine.";

export interface IssuerGuard {
  allowPrivate: boolean;
  resolve?: HostResolver;
}

/** Why Sluice may not call this issuer URL (by name and DNS), or null. */
export async function issuerUrlRefusal(url: string, guard: IssuerGuard): Promise<string | null> {
  const refusal = await webhookTargetRefusal(url, { allowPrivate: guard.allowPrivate, resolve: guard.resolve });
  return refusal === PRIVATE_TARGET_MESSAGE ? PRIVATE_ISSUER_MESSAGE : refusal;
}

/** The same check from the URL alone (no DNS): for building the sign-in provider on each request. */
export function isIssuerUrlAllowed(url: string, allowPrivate: boolean): boolean {
  return privateTargetReason(url, allowPrivate) === null;
}

export function discoveryUrlOf(issuerUrl: string): string {
  return `${issuerUrl.replace(/\/+$/, "")}/.well-known/openid-configuration`;
}

export type DiscoveryCheck = { ok: true; message: string } | { ok: false; message: string };

const MAX_DOCUMENT_BYTES = 256 * 1024;

/** GETs a small JSON document; redirects are not followed. */
function getJson(
  url: string,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      target,
      {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(options.allowPrivate ? {} : { lookup: publicLookup }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_DOCUMENT_BYTES) request.destroy(new Error("the document is larger than 256 KB"));
          else chunks.push(chunk);
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
  });
}

function isPublicHttpsUrl(value: string): boolean {
  try {
    return privateTargetReason(value, false) === null;
  } catch {
    return false; // not a URL at all
  }
}

/** The endpoints Sluice needs from the discovery document (OpenID Connect Discovery 1.0 §3). */
const REQUIRED_ENDPOINTS = ["authorization_endpoint", "token_endpoint", "jwks_uri"] as const;

/** What next-auth is given instead of the discovery URL, so every endpoint it calls was checked. */
export interface IssuerMetadata {
  /** Exactly as the provider writes it: ID tokens' iss must equal it. */
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
}

/** Why the server may not call one of these endpoints (not a URL; without `allowPrivate`, not a
 * public https:// address), or null. Names that resolve inward are caught at connect time. */
export function endpointRefusal(endpoints: Record<string, string>, allowPrivate: boolean): string | null {
  const inward = Object.entries(endpoints).find(
    ([, value]) => !(allowPrivate ? URL.canParse(value) : isPublicHttpsUrl(value)),
  );
  return inward ? `The discovery document's ${inward[0]} is not a public https:// address.` : null;
}

export type MetadataResult = { ok: true; metadata: IssuerMetadata } | { ok: false; message: string };

/**
 * Fetches the issuer's discovery document through the guard and checks it for Sluice: the issuer
 * it names, the endpoints, and (unless private issuers are allowed) that every endpoint is a
 * public https:// address, since the server will call them, and send the client secret to one.
 * Never throws; the message says what is wrong in one sentence.
 */
export async function fetchIssuerMetadata(
  issuerUrl: string,
  guard: IssuerGuard & { timeoutMs?: number },
): Promise<MetadataResult> {
  const refusal = await issuerUrlRefusal(issuerUrl, guard);
  if (refusal) return { ok: false, message: refusal };
  const url = discoveryUrlOf(issuerUrl);
  let response: { status: number; body: string };
  try {
    response = await getJson(url, { allowPrivate: guard.allowPrivate, timeoutMs: guard.timeoutMs ?? 5_000 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Sluice could not reach ${url}: ${reason}.` };
  }
  if (response.status !== 200) {
    return {
      ok: false,
      message: `${url} answered HTTP ${response.status}, not the discovery document. Check the issuer URL (it is the part before /.well-known).`,
    };
  }
  let document: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(response.body);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    document = parsed as Record<string, unknown>;
  } catch {
    return { ok: false, message: `${url} did not answer with a JSON discovery document.` };
  }
  // OpenID Connect requires the document's issuer to be exactly the URL it was fetched under, and
  // every ID token's iss to match it: a mismatch fails every sign-in.
  if (typeof document.issuer !== "string" || document.issuer.replace(/\/+$/, "") !== issuerUrl.replace(/\/+$/, "")) {
    return {
      ok: false,
      message: `The provider calls itself "${String(document.issuer ?? "(nothing)")}", not ${issuerUrl}. Enter the issuer exactly as it does.`,
    };
  }
  const missing = REQUIRED_ENDPOINTS.filter((key) => typeof document[key] !== "string");
  if (missing.length > 0) return { ok: false, message: `The discovery document has no ${missing.join(", ")}.` };
  const userinfo = typeof document.userinfo_endpoint === "string" ? document.userinfo_endpoint : undefined;
  const endpoints = {
    authorization_endpoint: String(document.authorization_endpoint),
    token_endpoint: String(document.token_endpoint),
    jwks_uri: String(document.jwks_uri),
    ...(userinfo ? { userinfo_endpoint: userinfo } : {}),
  };
  const inward = endpointRefusal(endpoints, guard.allowPrivate);
  if (inward) return { ok: false, message: inward };
  const scopes = document.scopes_supported;
  if (Array.isArray(scopes) && !scopes.includes("email")) {
    return {
      ok: false,
      message: "The provider does not offer the email scope, which Sluice needs to match people to accounts.",
    };
  }
  return { ok: true, metadata: { issuer: document.issuer, ...endpoints } };
}

/** "Test connection": what fetchIssuerMetadata found, as one sentence. */
export async function checkIssuerDiscovery(
  issuerUrl: string,
  guard: IssuerGuard & { timeoutMs?: number },
): Promise<DiscoveryCheck> {
  const result = await fetchIssuerMetadata(issuerUrl, guard);
  return result.ok
    ? { ok: true, message: `Connected: ${issuerUrl} answered with a valid discovery document.` }
    : result;
}
