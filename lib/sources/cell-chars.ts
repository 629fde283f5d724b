/** Characters a cell holds: a string by its length, any other value as 8. */
export function valueChars(value: unknown): number {
  return typeof value === "string" ? value.length : 8;
}

/** Characters a row's cells hold (valueChars of each). */
export function cellChars(values: Iterable<unknown>): number {
  let chars = 0;
  for (const value of values) chars += valueChars(value);
  return chars;
}
