// The body of one conversion thread (conversion-pool.ts): rows in, convertRow's results out.
// Runs outside the app's request path, in the sync worker's own threads.
import { parentPort } from "node:worker_threads";
import { convertRow } from "@/lib/conversions";
import type { SourceValue } from "@/lib/sources/types";
import type { ThreadRequest, ThreadResponse } from "./conversion-pool";
import { collectConversions } from "./converted-rows";

parentPort!.on("message", (request: ThreadRequest) => {
  let response: ThreadResponse;
  const transfer: ArrayBuffer[] = [];
  try {
    const { columns, data } = request;
    const converted = collectConversions(request.count, (i) => {
      // Rows arrive as columns: a null-prototype object again, as every source's rows are, so a
      // column named "__proto__" or "constructor" stays an ordinary column.
      const values: Record<string, SourceValue> = Object.create(null);
      for (let c = 0; c < columns.length; c += 1) {
        const cell = data[c]![i];
        if (cell !== undefined) values[columns[c]!] = cell as SourceValue;
      }
      return convertRow(request.mapping, request.destination, values);
    });
    // The JSON and the offsets are handed over (transferred, not copied): the main thread neither
    // decodes nor re-encodes any of it.
    const json = converted.json.buffer as ArrayBuffer;
    const ends = converted.ends.buffer as ArrayBuffer;
    transfer.push(json, ends);
    response = { id: request.id, json, ends, ids: converted.ids, reasons: converted.reasons };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response, transfer);
});

// Loaded and listening: the pool may send work.
parentPort!.postMessage({ ready: true });
