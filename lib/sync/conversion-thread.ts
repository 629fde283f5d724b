// The body of one conversion thread (conversion-pool.ts): rows in, convertRow's results out.
// Runs outside the app's request path, in the sync worker's own threads.
import { parentPort } from "node:worker_threads";
import { convertRow } from "@/lib/conversions";
import type { SourceValue } from "@/lib/sources/types";
import type { ThreadRequest, ThreadResponse, ThreadResult } from "./conversion-pool";

parentPort!.on("message", (request: ThreadRequest) => {
  let response: ThreadResponse;
  try {
    const results: ThreadResult[] = new Array(request.cells.length);
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
        // Serialised here, once: the main thread puts this text in the request body as it is.
        const json = JSON.stringify(result.conversion);
        results[i] = { valid: true, json, conversionId: result.conversion.conversion_id, bytes: Buffer.byteLength(json) };
      } else {
        results[i] = { valid: false, reasons: result.reasons };
      }
    }
    response = { id: request.id, results };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});

// Loaded and listening: the pool may send work.
parentPort!.postMessage({ ready: true });
