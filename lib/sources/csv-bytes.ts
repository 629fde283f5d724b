import { SourceError, abortedError } from "./source-error";

/** What `createCsvSource` reads from: a Node stream or any async iterable of bytes. */
export type CsvInput = NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>;

export interface CsvBytesOptions {
  maxBytes: number;
  /** Drop this many lines first (after normalising line breaks): resuming after a broken line. */
  skipLines?: number;
  signal?: AbortSignal;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * The file's bytes, ready for the parser: the UTF-8 byte order mark removed, every line break
 * (CRLF, or a lone CR from old Mac exports) turned into LF, and the size limit enforced while
 * reading, so an oversized file fails early instead of after it has all been read.
 *
 * Normalising line breaks here is what makes line numbers exact: the parser, the line counter
 * and the resume-after-a-broken-line logic all count the same "\n".
 */
export async function* csvBytes(input: CsvInput, options: CsvBytesOptions): AsyncGenerator<Buffer> {
  let total = 0;
  let first = true;
  let pendingCr = false;
  let linesToSkip = options.skipLines ?? 0;
  for await (const piece of input as AsyncIterable<Uint8Array | string>) {
    if (options.signal?.aborted) throw abortedError();
    let bytes = typeof piece === "string" ? Buffer.from(piece, "utf8") : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    total += bytes.length;
    if (total > options.maxBytes) {
      throw new SourceError("file_too_large", `The file is larger than the ${formatBytes(options.maxBytes)} limit.`);
    }
    if (first && bytes.length > 0) {
      first = false;
      rejectUtf16(bytes);
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    // A CR at the end of one piece may be the first half of a CRLF split across two pieces.
    let text = normaliseLineBreaks(bytes, pendingCr);
    pendingCr = bytes.length > 0 && bytes[bytes.length - 1] === CR;
    if (linesToSkip > 0) {
      const skipped = skipLines(text, linesToSkip);
      text = skipped.rest;
      linesToSkip = skipped.remaining;
    }
    if (text.length > 0) yield text;
  }
}

/** CRLF → LF and lone CR → LF. `afterCr`: the previous piece ended with a CR (already emitted
 * as LF), so an LF at the start of this one is its second half and is dropped. */
function normaliseLineBreaks(bytes: Buffer, afterCr: boolean): Buffer {
  let start = afterCr && bytes[0] === LF ? 1 : 0;
  let cr = bytes.indexOf(CR, start);
  if (cr === -1) return start === 0 ? bytes : bytes.subarray(start);
  const out = Buffer.allocUnsafe(bytes.length - start);
  let length = 0;
  while (cr !== -1) {
    length += bytes.copy(out, length, start, cr);
    out[length++] = LF;
    start = bytes[cr + 1] === LF ? cr + 2 : cr + 1;
    cr = bytes.indexOf(CR, start);
  }
  length += bytes.copy(out, length, start);
  return out.subarray(0, length);
}

function skipLines(bytes: Buffer, count: number): { rest: Buffer; remaining: number } {
  let remaining = count;
  let position = 0;
  while (remaining > 0) {
    const newline = bytes.indexOf(LF, position);
    if (newline === -1) return { rest: bytes.subarray(bytes.length), remaining };
    position = newline + 1;
    remaining -= 1;
  }
  return { rest: bytes.subarray(position), remaining: 0 };
}

// Excel's "Unicode text" export is UTF-16; read as UTF-8 it would be garbage in every cell.
function rejectUtf16(bytes: Buffer): void {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) {
    throw new SourceError("file_unreadable", "The file is encoded as UTF-16. Save it as \"CSV UTF-8\" and upload it again.");
  }
}

export function formatBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
