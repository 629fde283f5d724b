/** UTF-8 size of a value's JSON, without Buffer so the module stays platform-neutral. */
const encoder = new TextEncoder();

export function jsonByteLength(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** UTF-8 size of a text. */
export function utf8ByteLength(text: string): number {
  return encoder.encode(text).length;
}
