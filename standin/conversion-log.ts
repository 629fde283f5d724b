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

export class ConversionLog {
  private records: RecordedConversion[] = [];
  /** When each (event_id, conversion_id) was last received: conversion ids by event id. */
  private readonly lastReceived = new Map<string, Map<string, number>>();

  constructor(private readonly keepPayloads: boolean) {}

  record(conversions: ValidConversion[], meta: RecordMeta, nowMs: number): void {
    const receivedAt = new Date(nowMs).toISOString();
    for (const c of conversions) {
      let duplicate = false;
      if (c.conversionId !== null) {
        let received = this.lastReceived.get(c.eventId);
        if (!received) this.lastReceived.set(c.eventId, (received = new Map()));
        const last = received.get(c.conversionId);
        duplicate = last !== undefined && nowMs - last < DEDUPE_WINDOW_MS;
        received.set(c.conversionId, nowMs);
      }
      // Written out rather than spread: this runs for every conversion of every benchmark.
      const record: RecordedConversion = {
        seq: this.records.length + 1,
        receivedAt,
        debugId: meta.debugId,
        pixelId: meta.pixelId,
        accountId: meta.accountId,
        auth: meta.auth,
        userId: meta.userId,
        eventId: c.eventId,
        conversionId: c.conversionId,
        conversionTime: c.conversionTime,
        duplicate,
      };
      if (this.keepPayloads) record.payload = c.payload;
      this.records.push(record);
    }
  }

  /** Counts cover every match; `conversions` is one page of them, oldest first. */
  list(filter: ConversionFilter, offset = 0, limit = 1000) {
    const matches = this.records.filter(
      (r) =>
        (filter.pixelId === undefined || r.pixelId === filter.pixelId) &&
        (filter.eventId === undefined || r.eventId === filter.eventId) &&
        (filter.conversionId === undefined || r.conversionId === filter.conversionId),
    );
    const duplicates = matches.filter((r) => r.duplicate).length;
    return {
      total: matches.length,
      unique: matches.length - duplicates,
      duplicates,
      offset,
      conversions: matches.slice(offset, offset + limit),
    };
  }

  clear(): void {
    this.records = [];
    this.lastReceived.clear();
  }
}
