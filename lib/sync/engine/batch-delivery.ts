import type { ConversionsOutcome, NamedValue, XApiError } from "@/lib/x-ads/index";
import type { Pacer } from "./account-pacer";
import { backoffDelayMs, sleep } from "./backoff";
import { conversionsCarrying, errorsAbout } from "./conversions-carrying";
import { RequestSlots, type Slot } from "./request-slots";
import type { SendConversions } from "./load-sync-target";
import type { SyncSettings } from "../sync-settings";
import { SyncAuthError, SyncDestinationError } from "../sync-errors";

/** One row on its way to X, with what is needed to attribute X's answer to it. */
export interface SyncItem {
  /** The conversion as the UTF-8 JSON that is sent. */
  json: Uint8Array;
  rowNumber: number;
  /** The conversion's conversion_id, which is also its key in the sent-ledger. */
  rowKey: string;
}

export interface DeliveryListener {
  /** X accepted these (conversions_processed = their count). Must record them before returning. */
  accepted(items: SyncItem[], debugId: string): Promise<void>;
  /** X refuses this one conversion, with its reasons. */
  rejected(item: SyncItem, errors: XApiError[]): void;
  /** Still failing after every retry: left for the next run. */
  failed(items: SyncItem[], message: string): void;
  /** A request is about to go on the wire (`resend`: again after a 5xx, a time-out or a dropped
   * connection). Resolves once it is counted durably, so a crash can never lose its count. */
  sending(resend: boolean): Promise<void>;
  rateLimited(): void;
}

/** A request on the wire this long stops counting against `concurrency` (request-slots.ts). */
const STALL_AFTER_MS = 5_000;
/** Batches kept at once, per slot: stalled and sleeping ones hold no slot, but they hold memory. */
const OUTSTANDING_PER_SLOT = 4;

/**
 * Delivers batches to X with bounded concurrency. Each batch is retried with backoff on 5xx,
 * timeouts and dropped connections (X deduplicates the resend by conversion_id); waits out 429s
 * for the whole ad account. X rejects a batch whole for one bad conversion: when its errors name
 * the offending values, the conversions carrying them are rejected and the rest resent as one
 * request; when they name nothing, the batch is split in halves until the bad conversions stand
 * alone. A rejection that concerns the whole destination (its pixel or event gone) stops the run.
 *
 * The run's first batch goes alone: if X refuses the destination outright, one request learns
 * it, not one per concurrent slot.
 *
 * `settings.concurrency` bounds the requests on the wire, not the batches: a batch sleeping in
 * backoff or waiting for a rate-limit reset holds no slot, nor does a request X has kept waiting
 * for `stallMs` (it still ends, by X's answer or the time-out, and is recorded). So one stalled
 * request stalls only itself. At most `OUTSTANDING_PER_SLOT × concurrency` batches are kept.
 *
 * `stop` (a cancel) lets batches already on the wire finish and keeps new ones from starting;
 * rows of batches that never started are simply not decided, so the next run sends them.
 */
export class BatchDelivery {
  /** Every batch not settled yet: on the wire, stalled, sleeping or waiting for the pacer. */
  private readonly active = new Set<Promise<void>>();
  private readonly slots: RequestSlots;
  private readonly maxOutstanding: number;
  private fatal: unknown = null;
  /** Settles once the first batch's first answer is handled (see the class comment). */
  private firstAnswer: Promise<void> | null = null;
  private releaseFirst: () => void = () => undefined;

  constructor(
    private readonly options: {
      send: SendConversions;
      pacer: Pacer;
      settings: SyncSettings;
      listener: DeliveryListener;
      stop: AbortSignal;
      /** Aborts requests on the wire too (the lease was lost). */
      abort: AbortSignal;
      /** Why a rejection concerns the whole destination, or null (destination-wide-rejection.ts). */
      destinationWide?: (rejection: {
        status: number;
        errors: XApiError[];
        namedValues?: NamedValue[];
      }) => string | null;
      /** How long a request is on the wire before it stops holding a slot (default: 5 s, or half the time-out if shorter). */
      stallMs?: number;
    },
  ) {
    const { concurrency, xTimeoutMs } = options.settings;
    this.slots = new RequestSlots(concurrency, options.stallMs ?? Math.min(STALL_AFTER_MS, xTimeoutMs / 2));
    this.maxOutstanding = OUTSTANDING_PER_SLOT * concurrency;
  }

  /** Starts a batch when a slot is free; waits (backpressure) while all slots are busy, or while
   * as many batches as the cap allows are outstanding. */
  async submit(batch: SyncItem[]): Promise<void> {
    if (this.firstAnswer) await this.firstAnswer;
    while (this.active.size >= this.maxOutstanding) await Promise.race(this.active);
    this.throwIfFatal();
    const slot = await this.slots.take(AbortSignal.any([this.options.stop, this.options.abort]));
    // Stopped while waiting: the batch never starts, and its rows stay undecided.
    if (!slot) return;
    this.firstAnswer ??= new Promise<void>((resolve) => (this.releaseFirst = resolve));
    const task: Promise<void> = this.deliver(batch, slot)
      .catch((error: unknown) => {
        this.fatal ??= error;
      })
      .finally(() => {
        this.releaseFirst();
        this.active.delete(task);
      });
    this.active.add(task);
  }

  /** Waits for every batch on its way; rethrows the first fatal error. */
  async drain(): Promise<void> {
    while (this.active.size > 0) await Promise.all([...this.active]);
    this.throwIfFatal();
  }

  get failure(): unknown {
    return this.fatal;
  }

  private throwIfFatal(): void {
    if (this.fatal !== null) throw this.fatal;
  }

  private async deliver(items: SyncItem[], slot: Slot | null = null): Promise<void> {
    const outcome = await this.sendWithRetries(items, slot);
    const { listener } = this.options;
    const reason = outcome.kind === "rejected" ? (this.options.destinationWide?.(outcome) ?? null) : null;
    if (reason !== null) {
      // Set before the first answer is released, so no waiting batch starts after it. The
      // batch's rows stay undecided: the next run, after the fix, sends them.
      const error = new SyncDestinationError(reason);
      this.fatal ??= error;
      this.releaseFirst();
      throw error;
    }
    this.releaseFirst();
    switch (outcome.kind) {
      case "undelivered":
        return;
      case "accepted":
        return listener.accepted(items, outcome.debugId);
      case "failed":
        return listener.failed(items, outcome.message);
      case "rejected": {
        if (items.length === 1) return listener.rejected(items[0]!, outcome.errors);
        const carrying = conversionsCarrying(items, outcome.namedValues ?? []);
        if (carrying.size > 0) {
          for (const [item, values] of carrying) listener.rejected(item, errorsAbout(outcome.errors, values));
          const rest = items.filter((item) => !carrying.has(item));
          if (rest.length > 0) await this.deliver(rest);
          return;
        }
        // X named nothing a conversion carries: only halving finds the bad ones.
        const middle = Math.ceil(items.length / 2);
        await this.deliver(items.slice(0, middle));
        await this.deliver(items.slice(middle));
        return;
      }
    }
  }

  /** `slot`: the one the batch was let through with, for its first request; later requests
   * (resends, the halves of a rejected batch) take one of their own. */
  private async sendWithRetries(
    items: SyncItem[],
    slot: Slot | null,
  ): Promise<
    | { kind: "accepted"; debugId: string }
    | { kind: "rejected"; status: number; errors: XApiError[]; namedValues?: NamedValue[] }
    | { kind: "failed"; message: string }
    | { kind: "undelivered" }
  > {
    const { send, pacer, settings, listener, stop, abort } = this.options;
    const conversions = { serialized: items.map((item) => item.json) };
    let retries = 0;
    let rateLimitWaits = 0;
    let started = false;
    let resend = false;
    let given = slot;
    for (;;) {
      // Once a batch is on the wire it finishes (a cancel lets in-flight batches end); before
      // that, a cancel keeps it from starting at all.
      const signal = started ? abort : AbortSignal.any([stop, abort]);
      const held = given ?? (await this.slots.take(signal));
      given = null;
      if (!held) return { kind: "undelivered" };
      let outcome: ConversionsOutcome | null = null;
      try {
        if (!(await pacer.acquire(items.length, signal))) return { kind: "undelivered" };
        started = true;
        try {
          await listener.sending(resend);
          held.onWire();
          outcome = await send(conversions, { timeoutMs: settings.xTimeoutMs, signal: abort });
        } finally {
          // A stalled request keeps its events reserved against the account until it ends.
          pacer.release(items.length, outcome?.rateLimit ?? null);
        }
      } finally {
        held.release();
      }
      resend = false;
      switch (outcome.kind) {
        case "accepted":
          return { kind: "accepted", debugId: outcome.debugId };
        case "rejected":
          return {
            kind: "rejected",
            status: outcome.status,
            errors: outcome.errors,
            ...(outcome.namedValues ? { namedValues: outcome.namedValues } : {}),
          };
        case "auth_failure":
          throw new SyncAuthError(authMessage(outcome.reason, outcome.errors));
        case "rate_limited":
          listener.rateLimited();
          pacer.pauseUntil(outcome.retryAt);
          rateLimitWaits += 1;
          if (rateLimitWaits > settings.maxRateLimitWaits)
            return { kind: "failed", message: "X kept answering 429 (rate limit exceeded)" };
          continue;
        case "retryable": {
          if (outcome.reason === "aborted" || abort.aborted) return { kind: "undelivered" };
          retries += 1;
          if (retries > settings.maxRetries)
            return { kind: "failed", message: `${outcome.message}; gave up after ${settings.maxRetries} retries` };
          resend = true;
          await sleep(
            backoffDelayMs(retries, {
              baseMs: settings.retryBaseMs,
              maxMs: settings.retryMaxMs,
              retryAt: outcome.retryAt,
            }),
            abort,
          );
          continue;
        }
      }
    }
  }
}

function authMessage(
  reason: "unauthenticated" | "insufficient_access" | "app_not_authorized",
  errors: XApiError[],
): string {
  const detail = errors[0]?.message ? ` X said: ${errors[0].message}` : "";
  switch (reason) {
    case "unauthenticated":
      return `X no longer accepts this connection's token (it may have been revoked). Connect X again.${detail}`;
    case "insufficient_access":
      return `The connected X user may not send conversions for this ad account (AD_MANAGER or ACCOUNT_ADMIN is needed).${detail}`;
    case "app_not_authorized":
      return `The X app has no Ads API access.${detail}`;
  }
}
