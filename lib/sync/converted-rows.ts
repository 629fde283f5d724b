import type { RowIssue, RowResult } from "@/lib/conversions";

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
export function collectConversions(count: number, resultOf: (index: number) => RowResult): ConvertedRows & { json: Buffer } {
  const ends = new Uint32Array(count);
  const ids: Array<string | null> = new Array(count);
  const reasons = new Map<number, RowIssue[]>();
  const texts: string[] = [];
  let total = 0;
  for (let i = 0; i < count; i += 1) {
    const result = resultOf(i);
    if (result.status === "valid") {
      texts.push(result.json);
      total += Buffer.byteLength(result.json);
      ids[i] = result.conversion.conversion_id;
    } else {
      reasons.set(i, result.reasons);
      ids[i] = null;
    }
    ends[i] = total;
  }
  // A buffer of its own (not from Node's shared pool), so a thread can hand it over whole.
  const json = Buffer.allocUnsafeSlow(total);
  let offset = 0;
  for (const text of texts) offset += json.write(text, offset);
  return { json, ends, ids, reasons };
}
