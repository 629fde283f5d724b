import type { XAdsConfig } from "./config";
import type { XConversion } from "./conversion-types";
import type { OAuthConsumer, OAuthToken } from "./oauth-signer";
import { createOAuthSigner } from "./oauth-signer";
import type { ConversionsOutcome } from "./outcome";
import { conversionsSuccessSchema } from "./response-schemas";
import { classifyFailure, sendXRequest, unexpectedResponse } from "./x-request";

/**
 * `POST /12/measurement/conversions/:pixel_id` (x-ads-api.md §1): one batch of up to 500
 * conversions, all-or-nothing. The batch is sent as given (the sync engine batches); X itself
 * refuses more than 500 and that refusal comes back as `rejected`.
 */

export type ConversionsAuth =
  | { kind: "oauth"; consumer: OAuthConsumer; token: OAuthToken }
  /** An Events Manager token sent as `X-Pixel-Token` (x-ads-api.md §3.2). */
  | { kind: "pixel_token"; pixelToken: string };

/**
 * Conversions already serialised, each as its UTF-8 JSON (the sync engine's conversion threads
 * produce them): the body is assembled around the bytes without parsing or re-serialising.
 */
export interface SerializedConversions {
  readonly serialized: readonly Uint8Array[];
}

const BODY_OPEN = Buffer.from('{"conversions":[');
const BODY_COMMA = Buffer.from(",");
const BODY_CLOSE = Buffer.from("]}");

export type ConversionBatch = readonly XConversion[] | SerializedConversions;

/** The request body around conversions already serialised: `{"conversions":[a,b,…]}` in UTF-8. */
export function serializedConversionsBody(serialized: readonly Uint8Array[]): Buffer<ArrayBuffer> {
  const parts: Uint8Array[] = [BODY_OPEN];
  serialized.forEach((json, index) => {
    if (index > 0) parts.push(BODY_COMMA);
    parts.push(json);
  });
  parts.push(BODY_CLOSE);
  return Buffer.concat(parts);
}

function batchBody(conversions: ConversionBatch): { body: string | Uint8Array<ArrayBuffer>; count: number } {
  if ("serialized" in conversions)
    return { body: serializedConversionsBody(conversions.serialized), count: conversions.serialized.length };
  return { body: JSON.stringify({ conversions }), count: conversions.length };
}

export interface RequestOptions {
  /** Overrides the config's timeout for this one request. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function conversionsUrl(config: XAdsConfig, pixelId: string): string {
  return `${config.adsApiBaseUrl}/${config.apiVersion}/measurement/conversions/${encodeURIComponent(pixelId)}`;
}

export async function sendConversions(
  config: XAdsConfig,
  auth: ConversionsAuth,
  pixelId: string,
  conversions: ConversionBatch,
  options: RequestOptions = {},
): Promise<ConversionsOutcome> {
  const started = performance.now();
  const outcome = await sendOnce(config, auth, pixelId, conversions, options);
  config.observeConversions?.((performance.now() - started) / 1000, outcome.kind);
  return outcome;
}

async function sendOnce(
  config: XAdsConfig,
  auth: ConversionsAuth,
  pixelId: string,
  conversions: ConversionBatch,
  options: RequestOptions,
): Promise<ConversionsOutcome> {
  const { body, count } = batchBody(conversions);
  const url = conversionsUrl(config, pixelId);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (auth.kind === "oauth") {
    // The JSON body is not signed, only method, URL and protocol parameters.
    headers.authorization = createOAuthSigner(auth.consumer).authorizationHeader({ method: "POST", url }, auth.token);
  } else {
    headers["x-pixel-token"] = auth.pixelToken;
  }
  const result = await sendXRequest({
    method: "POST",
    url,
    headers,
    body,
    timeoutMs: options.timeoutMs ?? config.timeoutMs,
    signal: options.signal,
  });
  if (!result.ok) return result.failure;
  const { response } = result;
  if (response.status < 200 || response.status >= 300) return classifyFailure(response);

  const parsed = conversionsSuccessSchema.safeParse(response.body);
  if (!parsed.success) return unexpectedResponse(response, "a conversions result");
  const { conversions_processed: processed, debug_id: debugId } = parsed.data.data;
  if (processed !== count) {
    return {
      kind: "retryable",
      reason: "count_mismatch",
      status: response.status,
      retryAt: null,
      message: `X processed ${processed} of ${count} conversions`,
      debugId,
      rateLimit: response.rateLimit,
    };
  }
  return { kind: "accepted", processed, debugId, rateLimit: response.rateLimit };
}
