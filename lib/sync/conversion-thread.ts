// The body of one conversion thread (conversion-pool.ts): rows in, convertRow's results out.
// Runs outside the app's request path, in the sync worker's own threads.
import { parentPort } from "node:worker_threads";
import { convertRow } from "@/lib/conversions";
import { valuesMaker } from "@/lib/sources/source-table";
import type { ThreadRequest, ThreadResponse } from "./conversion-pool";
import { collectConversions } from "./converted-rows";

parentPort!.on("message", (request: ThreadRequest) => {
  let response: ThreadResponse;
  const transfer: ArrayBuffer[] = [];
  try {
    const { columns, data } = request;
    // Rows arrive as columns; each row's values again inherit nothing (valuesMaker), so a column
    // named "__proto__" or "constructor" stays an ordinary column.
    const values = valuesMaker(columns);
    const cells = new Array<unknown>(columns.length);
    const converted = collectConversions(request.count, (i) => {
      for (let c = 0; c < columns.length; c += 1) cells[c] = data[c]![i];
      return convertRow(request.mapping, request.destination, values(cells));
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
