import { EventEmitter } from "node:events";

/** A source row larger than this (its DataRow message, about its size as text) is never loaded:
 * it becomes a "row too large" problem and the rows after it are read as usual. */
export const MAX_SOURCE_ROW_BYTES = 1024 * 1024;
/** One FETCH's rows are kept under this many bytes; rows past it are read again by a later FETCH. */
export const MAX_SOURCE_FETCH_BYTES = 32 * 1024 * 1024;
// Any other message this large means something is wrong with the server: the connection is dropped.
const MAX_OTHER_MESSAGE_BYTES = 16 * 1024 * 1024;

/** What the filter did to the rows of the result being read (see SizeLimitedMessages.beginResult). */
export interface ResultLimits {
  /** Rows seen in this result so far, kept or not. */
  rows: number;
  /** Bytes of the rows kept. */
  bytes: number;
  /** Indexes (0-based, in this result) of rows over MAX_SOURCE_ROW_BYTES, with their size. */
  oversized: Array<{ index: number; bytes: number }>;
  /** Index of the first row dropped because the result went over its byte budget (every row
   * from there on was dropped too), or null. */
  deferredFrom: number | null;
  /** Size of the largest row kept. */
  largestRow: number;
}

/**
 * Stands between a PostgreSQL connection's incoming bytes and node-postgres' parser, reading only
 * the 5-7 byte header of each message, so that no message larger than a limit is ever held:
 * - a DataRow over MAX_SOURCE_ROW_BYTES is replaced by a row of NULLs of the same width, and its
 *   bytes are skipped as they arrive (it is reported in `current.oversized`);
 * - once a result's rows pass their byte budget, the rest of its rows are replaced the same way
 *   (`current.deferredFrom`), so the reader can fetch them again in a smaller FETCH;
 * - a huge error (e.g. `invalid input syntax: "<250 MB>"`) becomes a short one, a huge notice is
 *   dropped, and any other oversized message drops the connection.
 * Everything else passes through untouched, so the filter costs a few comparisons per message.
 */
export class SizeLimitedMessages extends EventEmitter {
  current: ResultLimits = emptyResult();
  private budget = MAX_SOURCE_FETCH_BYTES;
  private readonly header = Buffer.alloc(7);
  private headerLength = 0;
  /** Bytes of the current message still to pass on (or to skip). */
  private remaining = 0;
  private skipping = false;

  constructor(private readonly source: NodeJS.ReadableStream & { destroy(error?: Error): void }) {
    super();
    source.on("data", (chunk: Buffer) => this.read(chunk));
    source.on("end", () => this.emit("end"));
  }

  /** Called before each statement whose rows should be counted afresh. */
  beginResult(budget = MAX_SOURCE_FETCH_BYTES): void {
    this.current = emptyResult();
    this.budget = budget;
  }

  private read(chunk: Buffer): void {
    const out: Buffer[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        if (!this.skipping) out.push(chunk.subarray(offset, offset + take));
        offset += take;
        this.remaining -= take;
        continue;
      }
      // Gather the header: type and length, and for a DataRow its column count too.
      const need = this.headerLength >= 1 && this.header[0] === DATA_ROW ? 7 : 5;
      const take = Math.min(need - this.headerLength, chunk.length - offset);
      chunk.copy(this.header, this.headerLength, offset, offset + take);
      this.headerLength += take;
      offset += take;
      if (this.headerLength < need) continue;
      if (this.header[0] === DATA_ROW && need === 5) continue; // now gather the column count
      const decision = this.decide();
      if (decision === "drop-connection") {
        if (out.length > 0) this.emit("data", Buffer.concat(out));
        this.source.destroy(new Error("The database server sent a message larger than Sluice accepts."));
        return;
      }
      const total = 1 + this.header.readInt32BE(1);
      const headerBytes = this.headerLength;
      this.headerLength = 0;
      if (decision === "pass") {
        out.push(Buffer.from(this.header.subarray(0, headerBytes)));
        this.skipping = false;
      } else {
        out.push(decision);
        this.skipping = true;
      }
      this.remaining = total - headerBytes;
    }
    if (out.length > 0) this.emit("data", out.length === 1 ? out[0] : Buffer.concat(out));
  }

  /** "pass", a replacement message (and skip the original), or drop the connection. */
  private decide(): "pass" | "drop-connection" | Buffer {
    const type = this.header[0];
    const length = this.header.readInt32BE(1);
    if (type === DATA_ROW) {
      const result = this.current;
      const index = result.rows++;
      const columns = this.header.readInt16BE(5);
      if (length > MAX_SOURCE_ROW_BYTES) {
        result.oversized.push({ index, bytes: length });
        return nullRow(columns);
      }
      // The first row of a result is always kept, so every FETCH makes progress.
      if (result.deferredFrom !== null || (index > 0 && result.bytes + length > this.budget)) {
        result.deferredFrom ??= index;
        return nullRow(columns);
      }
      result.bytes += length;
      if (length > result.largestRow) result.largestRow = length;
      return "pass";
    }
    if (length <= MAX_SOURCE_ROW_BYTES) return "pass";
    if (type === ERROR) return shortError();
    if (type === NOTICE) return Buffer.alloc(0);
    return length > MAX_OTHER_MESSAGE_BYTES ? "drop-connection" : "pass";
  }
}

const DATA_ROW = "D".charCodeAt(0);
const ERROR = "E".charCodeAt(0);
const NOTICE = "N".charCodeAt(0);

function emptyResult(): ResultLimits {
  return { rows: 0, bytes: 0, oversized: [], deferredFrom: null, largestRow: 0 };
}

function nullRow(columns: number): Buffer {
  const message = Buffer.alloc(1 + 4 + 2 + 4 * columns);
  message[0] = DATA_ROW;
  message.writeInt32BE(message.length - 1, 1);
  message.writeInt16BE(columns, 5);
  for (let column = 0; column < columns; column++) message.writeInt32BE(-1, 7 + 4 * column);
  return message;
}

function shortError(): Buffer {
  const fields: Array<[string, string]> = [
    ["S", "ERROR"],
    ["V", "ERROR"],
    ["C", "54000"],
    [
      "M",
      `the server's error message was larger than ${MAX_SOURCE_ROW_BYTES / 1024 / 1024} MiB, so Sluice did not read it`,
    ],
  ];
  const body = Buffer.concat([
    ...fields.map(([code, text]) => Buffer.from(`${code}${text}\0`, "utf8")),
    Buffer.from([0]),
  ]);
  const message = Buffer.alloc(5 + body.length);
  message[0] = ERROR;
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}
