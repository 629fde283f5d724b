/**
 * Whether what a person typed to confirm names the destination. Typing a name is a guard against
 * acting on the wrong destination, not a spelling test: case, runs of spaces and "->" typed for
 * "→" (which keyboards do not have) are all accepted.
 */
export function confirmNameMatches(typed: string, name: string): boolean {
  const normal = (text: string) =>
    text.normalize("NFKC").replaceAll("->", "→").replace(/\s+/g, " ").trim().toLowerCase();
  return normal(typed) !== "" && normal(typed) === normal(name);
}
