import type { ValidConversion } from "./validate-conversions";

/**
 * Every conversion the stand-in accepted, marked the way X would count it: a conversion is a
 * duplicate when another with the same (event_id, conversion_id) was received less than 48 hours
 * earlier (x-ads-api.md §1.7). Conversions without a conversion_id are never deduplicated.
 */

export const DEDUPE_WINDOW_MS = 48 * 60 * 60 * 1000;

export interface RecordedConversion {
  seq: number;
  receivedAt: string;
  debugId: string;
  pixelId: string;
  accountId: string;
  eventId: string;
  conversionId: string | null;
  conversionTime: string;
  duplicate: boolean;
  auth: "oauth" | "pixel_token";
  userId: string | null;
  /** The conversion as sent; omitted when the stand-in runs with recordPayloads: false. */
  payload?: Record<string, unknown>;
}

export interface ConversionFilter {
  pixelId?: string;
  eventId?: string;
  conversionId?: string;
}

export interface RecordMeta {
  debugId: string;
  pixelId: string;
  accountId: string;
  auth: RecordedConversion["auth"];
  userId: string | null;
}

/** What every conversion of one accepted request shares. */
interface RecordedBatch {
  receivedAt: string;
  meta: RecordMeta;
}

/**
 * Kept as columns, one entry per conversion, and a record per request for what its conversions
 * share: a benchmark sends a million conversions, and a million objects of eleven fields each
 * cost the stand-in's collector (it shares the machine with what is being measured) far more
 * than five arrays. `list` builds the records of the page it returns.
 */
export class ConversionLog {
  private batches: RecordedBatch[] = [];
  private batchOf: number[] = [];
  private eventIds: string[] = [];
  private conversionIds: Array<string | null> = [];
  private conversionTimes: string[] = [];
  private duplicates: boolean[] = [];
  private payloads: Array<Record<string, unknown>> = [];
  /** When each (event_id, conversion_id) was last received: conversion ids by event id. */
  private readonly lastReceived = new Map<string, Map<string, number>>();

  constructor(private readonly keepPayloads: boolean) {}

  record(conversions: ValidConversion[], meta: RecordMeta, nowMs: number): void {
    const batch = this.batches.length;
    this.batches.push({ receivedAt: new Date(nowMs).toISOString(), meta: { ...meta } });
    for (const c of conversions) {
      let duplicate = false;
      if (c.conversionId !== null) {
        let received = this.lastReceived.get(c.eventId);
        if (!received) this.lastReceived.set(c.eventId, (received = new Map()));
        const last = received.get(c.conversionId);
        duplicate = last !== undefined && nowMs - last < DEDUPE_WINDOW_MS;
        received.set(c.conversionId, nowMs);
      }
      this.batchOf.push(batch);
      this.eventIds.push(c.eventId);
      this.conversionIds.push(c.conversionId);
      this.conversionTimes.push(c.conversionTime);
      this.duplicates.push(duplicate);
      if (this.keepPayloads) this.payloads.push(c.payload);
    }
  }

  /** Counts cover every match; `conversions` is one page of them, oldest first. */
  list(filter: ConversionFilter, offset = 0, limit = 1000) {
    const matches: number[] = [];
    let duplicates = 0;
    for (let i = 0; i < this.eventIds.length; i += 1) {
      if (filter.pixelId !== undefined && this.batches[this.batchOf[i]!]!.meta.pixelId !== filter.pixelId) continue;
      if (filter.eventId !== undefined && this.eventIds[i] !== filter.eventId) continue;
      if (filter.conversionId !== undefined && this.conversionIds[i] !== filter.conversionId) continue;
      matches.push(i);
      if (this.duplicates[i]) duplicates += 1;
    }
    return {
      total: matches.length,
      unique: matches.length - duplicates,
      duplicates,
      offset,
      conversions: matches.slice(offset, offset + limit).map((i) => this.recordAt(i)),
    };
  }

  clear(): void {
    this.batches = [];
    this.batchOf = [];
    this.eventIds = [];
    this.conversionIds = [];
    this.conversionTimes = [];
    this.duplicates = [];
    this.payloads = [];
    this.lastReceived.clear();
  }

  private recordAt(i: number): RecordedConversion {
    const { receivedAt, meta } = this.batches[this.batchOf[i]!]!;
    const record: RecordedConversion = {
      seq: i + 1,
      receivedAt,
      debugId: meta.debugId,
      pixelId: meta.pixelId,
      accountId: meta.accountId,
      auth: meta.auth,
      userId: meta.userId,
      eventId: this.eventIds[i]!,
      conversionId: this.conversionIds[i]!,
      conversionTime: this.conversionTimes[i]!,
      duplicate: this.duplicates[i]!,
    };
    if (this.keepPayloads) record.payload = this.payloads[i];
    return record;
  }
}
