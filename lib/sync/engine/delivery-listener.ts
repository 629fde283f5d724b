import type { XApiError } from "@/lib/x-ads/index";
import type { DeliveryListener, SyncItem } from "./batch-delivery";
import type { ProblemBuffer } from "./problem-buffer";
import { MAX_DEBUG_IDS, type RunCounts, type RunLease } from "../lifecycle/run-lease";
import type { RunKeys } from "./run-keys";
import type { SentKeyFilter } from "./sent-key-filter";

/**
 * Turns X's answers into counts, ledger rows and problem rows. Accepted rows are written to the
 * ledger before they are counted, so a count never runs ahead of what a resumed run would find.
 * A request is counted, and the count written, before it goes on the wire, so after a crash the
 * run's request counts can only be ahead of what X saw, by the requests that were about to go.
 */
export function deliveryListener(context: {
  counts: RunCounts;
  problems: ProblemBuffer;
  pendingKeys: RunKeys;
  lease: RunLease;
  recordSent: (rowKeys: string[]) => Promise<void>;
  /** Writes the counts as they are now (one write for every request waiting on it). */
  persistCounts: () => Promise<void>;
  /** Learns every key recorded, at once (before any later chunk can look it up). */
  sentFilter?: SentKeyFilter | null;
}): DeliveryListener {
  const { counts, problems, pendingKeys, lease } = context;
  const settle = (items: SyncItem[], recorded = false) => {
    for (const item of items) pendingKeys.finished(item.rowKey, recorded);
    counts.rowsRead += items.length;
  };
  return {
    async accepted(items, debugId) {
      await context.recordSent(items.map((item) => item.rowKey));
      if (context.sentFilter) for (const item of items) context.sentFilter.add(item.rowKey);
      settle(items, true);
      counts.rowsSent += items.length;
      lease.debugIds.push(debugId);
      if (lease.debugIds.length > 2 * MAX_DEBUG_IDS) lease.debugIds.splice(0, lease.debugIds.length - MAX_DEBUG_IDS);
    },
    rejected(item, errors: XApiError[]) {
      settle([item]);
      counts.rowsRejected += 1;
      for (const error of errors) {
        problems.add({
          kind: "REJECTED",
          rowNumber: item.rowNumber,
          rowKey: item.rowKey,
          field: error.parameter || null,
          code: error.code,
          message: error.message,
        });
      }
    },
    failed(items, message) {
      settle(items);
      counts.rowsFailed += items.length;
      for (const item of items) {
        problems.add({
          kind: "FAILED",
          rowNumber: item.rowNumber,
          rowKey: item.rowKey,
          field: null,
          code: "x_unavailable",
          message: `Not sent: ${message}. It will be sent on the next run.`,
        });
      }
    },
    sending(resend) {
      counts.requests += 1;
      if (resend) counts.retries += 1;
      return context.persistCounts();
    },
    rateLimited: () => void (counts.rateLimited += 1),
  };
}
