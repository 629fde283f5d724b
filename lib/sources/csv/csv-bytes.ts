import { isUtf8 } from "node:buffer";
import { SourceError, abortedError } from "../source-error";

/** What `createCsvSource` reads from: a Node stream or any async iterable of bytes. */
export type CsvInput = NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>;

export interface CsvBytesOptions {
  maxBytes: number;
  /** Drop this many lines first (after normalising line breaks): resuming after a broken line. */
  skipLines?: number;
  signal?: AbortSignal;
  /** Told of each line holding bytes that are not UTF-8, before the parser is given the end of
   * that line: by the time the parser emits a record, every bad line in it has been reported. */
  onInvalidUtf8?: (bad: InvalidUtf8) => void;
}

/** Where a line stops being UTF-8 text. */
export interface InvalidUtf8 {
  /** 1-based, counted as the parser counts lines (after line breaks are normalised). */
  line: number;
  /** 1-based, in characters of the line before the byte. */
  column: number;
  /** The byte that starts the broken sequence: 0xC3 of "C3 28", 0xFF, a stray 0x80. */
  byte: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * The file's bytes, ready for the parser: the UTF-8 byte order mark removed, every line break
 * (CRLF, or a lone CR from old Mac exports) turned into LF, and the size limit enforced while
 * reading, so an oversized file fails early instead of after it has all been read. Lines that are
 * not UTF-8 are reported to `onInvalidUtf8` (the parser itself would turn their bytes into U+FFFD).
 *
 * Normalising line breaks here is what makes line numbers exact: the parser, the line counter
 * and the resume-after-a-broken-line logic all count the same "\n".
 */
export async function* csvBytes(input: CsvInput, options: CsvBytesOptions): AsyncGenerator<Buffer> {
  let total = 0;
  let pendingCr = false;
  let linesToSkip = options.skipLines ?? 0;
  const utf8 = options.onInvalidUtf8 ? new Utf8LineCheck(linesToSkip + 1, options.onInvalidUtf8) : undefined;
  const prepare = (bytes: Buffer): Buffer => {
    // A CR at the end of one piece may be the first half of a CRLF split across two pieces.
    let text = normaliseLineBreaks(bytes, pendingCr);
    pendingCr = bytes.length > 0 && bytes[bytes.length - 1] === CR;
    if (linesToSkip > 0) {
      const skipped = skipLines(text, linesToSkip);
      text = skipped.rest;
      linesToSkip = skipped.remaining;
    }
    utf8?.check(text);
    return text;
  };
  // The first bytes are held until there are enough of them to tell a byte order mark, however
  // small the first pieces are.
  let head: Buffer | undefined = Buffer.alloc(0);
  for await (const piece of input as AsyncIterable<Uint8Array | string>) {
    if (options.signal?.aborted) throw abortedError();
    let bytes =
      typeof piece === "string"
        ? Buffer.from(piece, "utf8")
        : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    total += bytes.length;
    if (total > options.maxBytes) {
      throw new SourceError("file_too_large", `The file is larger than the ${formatBytes(options.maxBytes)} limit.`);
    }
    if (head) {
      bytes = head.length > 0 ? Buffer.concat([head, bytes]) : bytes;
      if (bytes.length < BOM.length) {
        head = bytes;
        continue;
      }
      head = undefined;
      bytes = withoutBom(bytes);
    }
    const text = prepare(bytes);
    if (text.length > 0) yield text;
  }
  if (head && head.length > 0) {
    const text = prepare(withoutBom(head));
    if (text.length > 0) yield text;
  }
  utf8?.end();
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function withoutBom(bytes: Buffer): Buffer {
  rejectUtf16(bytes);
  return bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2] ? bytes.subarray(BOM.length) : bytes;
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

/**
 * Finds the lines of the byte stream that are not UTF-8 as the pieces go by. Each piece gets one
 * native check (and a count of its line breaks); only the lines of a piece that fails it are
 * looked at byte by byte. A character split between pieces is held back and checked with the
 * next piece, so a split is never taken for a broken character.
 */
class Utf8LineCheck {
  private line: number;
  /** Characters the current line has in the pieces already checked. */
  private lineChars = 0;
  /** The start of a character that the next piece completes. */
  private carry: Buffer = Buffer.alloc(0);
  private reportedLine = 0;

  constructor(
    firstLine: number,
    private readonly report: (bad: InvalidUtf8) => void,
  ) {
    this.line = firstLine;
  }

  check(piece: Buffer): void {
    if (piece.length === 0) return;
    const joined = this.carry.length > 0 ? Buffer.concat([this.carry, piece]) : piece;
    const whole = completeLength(joined);
    this.carry = whole < joined.length ? Buffer.from(joined.subarray(whole)) : Buffer.alloc(0);
    const bytes = joined.subarray(0, whole);
    if (isUtf8(bytes)) {
      const lastLf = bytes.lastIndexOf(LF);
      if (lastLf === -1) {
        this.lineChars += characterCount(bytes);
      } else {
        for (let index = bytes.indexOf(LF); index !== -1; index = bytes.indexOf(LF, index + 1)) this.line += 1;
        this.lineChars = characterCount(bytes.subarray(lastLf + 1));
      }
      return;
    }
    for (let start = 0; ;) {
      const end = bytes.indexOf(LF, start);
      const segment = bytes.subarray(start, end === -1 ? bytes.length : end);
      const charsBefore = start === 0 ? this.lineChars : 0;
      const bad = isUtf8(segment) ? -1 : firstInvalidByte(segment);
      if (bad !== -1) this.flag(charsBefore + characterCount(segment.subarray(0, bad)) + 1, segment[bad] ?? 0);
      if (end === -1) {
        this.lineChars = charsBefore + characterCount(segment);
        return;
      }
      this.line += 1;
      start = end + 1;
    }
  }

  /** The file ended: a character still waiting for the rest of its bytes is broken. */
  end(): void {
    if (this.carry.length > 0) this.flag(this.lineChars + 1, this.carry[0] ?? 0);
    this.carry = Buffer.alloc(0);
  }

  private flag(column: number, byte: number): void {
    // A line spread over several pieces is reported once, at its first bad byte.
    if (this.reportedLine === this.line) return;
    this.reportedLine = this.line;
    this.report({ line: this.line, column, byte });
  }
}

/** How many bytes of `bytes` are whole characters: all but a multi-byte character cut off at
 * the end (up to 3 bytes), which is held for the next piece. */
function completeLength(bytes: Buffer): number {
  for (let back = 1; back <= 4 && back <= bytes.length; back += 1) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Where the first broken sequence starts, or -1: the UTF-8 rules (RFC 3629), so overlong
 * forms, surrogates and code points past U+10FFFF are broken too, as `isUtf8` has them. */
function firstInvalidByte(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    let length = 0;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return index;
    if (index + length > bytes.length) return index;
    const second = bytes[index + 1] ?? 0;
    if (second < low || second > high) return index;
    for (let next = 2; next < length; next += 1) {
      if (((bytes[index + next] ?? 0) & 0xc0) !== 0x80) return index;
    }
    index += length;
  }
  return -1;
}

/** Characters (code points) in UTF-8 bytes: every byte but the continuation bytes. */
function characterCount(bytes: Buffer): number {
  let count = 0;
  for (let index = 0; index < bytes.length; index += 1) if (((bytes[index] ?? 0) & 0xc0) !== 0x80) count += 1;
  return count;
}

// Excel's "Unicode text" export is UTF-16; read as UTF-8 it would be garbage in every cell.
function rejectUtf16(bytes: Buffer): void {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) {
    throw new SourceError(
      "file_unreadable",
      'The file is encoded as UTF-16. Save it as "CSV UTF-8" and upload it again.',
    );
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
