import { jsonByteLength } from "./byte-size";
import { MAX_CONVERSION_BYTES } from "./convert-row";
import type { XConversion, XConversionsRequest } from "./types";

/** X's documented per-request maximum ("Conversion count limit is 500"). */
export const MAX_CONVERSIONS_PER_REQUEST = 500;
/** X documents no body size limit; 1 MiB is a conservative bound most gateways accept, and at
 * most a few hundred typical conversions (≈0.5-1 KB each) reach it. */
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

export interface BatchLimits {
  maxCount?: number;
  maxBytes?: number;
}

/** Items carry their conversion plus whatever the caller needs to attribute X's answer to rows
 * (row number, source key), so a rejected batch can be traced back. */
export interface Batchable {
  conversion: XConversion;
}

/** An item whose conversion was already serialised elsewhere, as UTF-8 JSON. */
export interface SerializedBatchable {
  json: Uint8Array;
}

const ENVELOPE_BYTES = jsonByteLength({ conversions: [] });

/**
 * Groups conversions into request bodies of at most `maxCount` items and `maxBytes` bytes of JSON,
 * preserving order. Streaming: `add` returns a full batch when the next item would not fit, so
 * the sync engine keeps memory flat; `flush` returns the remainder.
 */
export class ConversionBatcher<T extends Batchable | SerializedBatchable> {
  private readonly maxCount: number;
  private readonly maxBytes: number;
  private items: T[] = [];
  private bytes = ENVELOPE_BYTES;

  constructor(limits: BatchLimits = {}) {
    this.maxCount = Math.min(limits.maxCount ?? MAX_CONVERSIONS_PER_REQUEST, MAX_CONVERSIONS_PER_REQUEST);
    this.maxBytes = limits.maxBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    if (this.maxCount < 1) throw new RangeError("maxCount must be at least 1");
    // convertRow refuses conversions over MAX_CONVERSION_BYTES, so this guarantees every item fits.
    if (this.maxBytes < ENVELOPE_BYTES + MAX_CONVERSION_BYTES) {
      throw new RangeError(`maxBytes must be at least ${ENVELOPE_BYTES + MAX_CONVERSION_BYTES}`);
    }
  }

  add(item: T): T[] | undefined {
    const size = "json" in item ? item.json.byteLength : jsonByteLength(item.conversion);
    if (ENVELOPE_BYTES + size > this.maxBytes) {
      throw new RangeError("conversion larger than the batch byte bound; convertRow should have refused it");
    }
    let full: T[] | undefined;
    // +1 for the comma between array elements.
    if (this.items.length >= this.maxCount || this.bytes + size + 1 > this.maxBytes) full = this.flush();
    this.bytes += this.items.length === 0 ? size : size + 1;
    this.items.push(item);
    return full;
  }

  flush(): T[] | undefined {
    if (this.items.length === 0) return undefined;
    const batch = this.items;
    this.items = [];
    this.bytes = ENVELOPE_BYTES;
    return batch;
  }
}

/** All batches at once, for callers that already hold the conversions (tests, small previews). */
export function batchConversions<T extends Batchable>(items: readonly T[], limits: BatchLimits = {}): T[][] {
  const batcher = new ConversionBatcher<T>(limits);
  const batches: T[][] = [];
  for (const item of items) {
    const full = batcher.add(item);
    if (full) batches.push(full);
  }
  const rest = batcher.flush();
  if (rest) batches.push(rest);
  return batches;
}

/** The JSON body for `POST /12/measurement/conversions/{pixel_id}`. */
export function buildConversionsRequest(batch: readonly Batchable[]): XConversionsRequest {
  return { conversions: batch.map((item) => item.conversion) };
}
