// The body of one conversion thread (conversion-pool.ts): rows in, convertRow's results out.
// Runs outside the app's request path, in the sync worker's own threads.
import { parentPort } from "node:worker_threads";
import { convertRow } from "@/lib/conversions";
import type { SourceValue } from "@/lib/sources/types";
import type { ThreadRequest, ThreadResponse, WireResult } from "./conversion-pool";

parentPort!.on("message", (request: ThreadRequest) => {
  let response: ThreadResponse;
  const transfer: ArrayBuffer[] = [];
  try {
    const results: WireResult[] = new Array(request.cells.length);
    const texts: string[] = [];
    let total = 0;
    const { columns } = request;
    for (let i = 0; i < request.cells.length; i += 1) {
      const cells = request.cells[i]!;
      // Rows arrive as plain arrays: a null-prototype object again, as every source's rows are,
      // so a column named "__proto__" or "constructor" stays an ordinary column.
      const values: Record<string, SourceValue> = Object.create(null);
      for (let c = 0; c < columns.length; c += 1) {
        if (cells[c] !== undefined) values[columns[c]!] = cells[c] as SourceValue;
      }
      const result = convertRow(request.mapping, request.destination, values);
      if (result.status === "valid") {
        // Serialised here, once: the main thread puts these bytes in the request body as they are.
        const json = JSON.stringify(result.conversion);
        const bytes = Buffer.byteLength(json);
        results[i] = { valid: true, conversionId: result.conversion.conversion_id, offset: total, bytes };
        texts.push(json);
        total += bytes;
      } else {
        results[i] = { valid: false, reasons: result.reasons };
      }
    }
    // Every conversion's UTF-8 JSON, back to back in one buffer of its own that is handed over
    // (transferred, not copied): the main thread neither decodes nor re-encodes any of it.
    const buffer = Buffer.allocUnsafeSlow(total);
    let offset = 0;
    for (const text of texts) offset += buffer.write(text, offset);
    transfer.push(buffer.buffer as ArrayBuffer);
    response = { id: request.id, results, json: buffer.buffer as ArrayBuffer };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response, transfer);
});

// Loaded and listening: the pool may send work.
parentPort!.postMessage({ ready: true });
