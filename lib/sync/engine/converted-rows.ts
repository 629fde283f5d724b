import type { RowIssue, RowResult } from "@/lib/conversions/index";

/**
 * What a converter gives back for n rows, in their order: columns, not n objects, so a chunk
 * crosses threads as two buffers and a list of ids.
 */
export interface ConvertedRows {
  /** Every valid row's conversion as the UTF-8 JSON that is sent, back to back. */
  json: Uint8Array;
  /** Where row i's JSON ends in `json`; it starts where row i − 1's ends (an invalid row's is empty). */
  ends: Uint32Array;
  /** Row i's conversion_id, or null when the row is invalid. */
  ids: Array<string | null>;
  /** The reasons of each invalid row, by its index. */
  reasons: Map<number, RowIssue[]>;
}

/** Row i's JSON, a view into the chunk's buffer (no copy). */
export function convertedJson(converted: ConvertedRows, index: number): Uint8Array {
  const start = index === 0 ? 0 : converted.ends[index - 1]!;
  return converted.json.subarray(start, converted.ends[index]!);
}

/** Rows' results → ConvertedRows, as a thread builds them (and the inline converter). */
export function collectConversions(
  count: number,
  resultOf: (index: number) => RowResult,
): ConvertedRows & { json: Buffer } {
  const ends = new Uint32Array(count);
  // Filled by push, not preallocated: a holey array crosses threads in V8's sparse form, twice as
  // slow to copy both ways as a packed one.
  const ids: Array<string | null> = [];
  const reasons = new Map<number, RowIssue[]>();
  // Each conversion's JSON is written out as soon as it is made, so the strings die young (the
  // collector copies what survives, and a thousand JSON strings held to the end survived twice).
  let scratch = (scratchBuffer ??= Buffer.allocUnsafeSlow(SCRATCH_BYTES));
  let total = 0;
  for (let i = 0; i < count; i += 1) {
    const result = resultOf(i);
    if (result.status === "valid") {
      const text = result.json;
      // At most 3 bytes of UTF-8 per UTF-16 code unit.
      if (total + text.length * 3 > scratch.length) scratch = grown(scratch, total, total + text.length * 3);
      total += scratch.write(text, total);
      ids.push(result.conversion.conversion_id);
    } else {
      reasons.set(i, result.reasons);
      ids.push(null);
    }
    ends[i] = total;
  }
  // Kept for the next call, unless a request of unusually large conversions made it grow far.
  scratchBuffer = scratch.length <= 8 * SCRATCH_BYTES ? scratch : null;
  // A buffer of its own (not from Node's shared pool), so a thread can hand it over whole.
  const json = Buffer.allocUnsafeSlow(total);
  scratch.copy(json, 0, 0, total);
  return { json, ends, ids, reasons };
}

/** Reused from one call to the next (collectConversions runs start to end without yielding). */
let scratchBuffer: Buffer | null = null;
const SCRATCH_BYTES = 1 << 20;

function grown(buffer: Buffer, used: number, needed: number): Buffer {
  const bigger = Buffer.allocUnsafeSlow(Math.max(needed, buffer.length * 2));
  buffer.copy(bigger, 0, 0, used);
  return bigger;
}
