/** Characters a row's cells hold: a string by its length, any other value as 8. */
export function cellChars(values: Iterable<unknown>): number {
  let chars = 0;
  for (const value of values) chars += typeof value === "string" ? value.length : 8;
  return chars;
}
