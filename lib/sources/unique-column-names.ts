import { toStorableText } from "@/lib/validation/storable-text";
import type { SourceProblem } from "./types";

export interface UniqueColumnNames {
  names: string[];
  /** One problem per header cell that had to be renamed (empty or repeated), for the UI to show. */
  problems: SourceProblem[];
}

/**
 * Makes column names usable as keys: an empty name becomes `column_N` (its 1-based position) and
 * a repeated one gets `_2`, `_3`, … so no value silently overwrites another. Names are trimmed,
 * since " email" and "email" are the same column to a person reading the header.
 */
export function uniqueColumnNames(rawNames: readonly string[], line?: number): UniqueColumnNames {
  const taken = new Set<string>();
  const names: string[] = [];
  const problems: SourceProblem[] = [];
  const where = line === undefined ? {} : { line };
  // Names as written are reserved first, so a literal "email_2" keeps its name and the repeated
  // "email" becomes "email_3" rather than the other way round.
  // PostgreSQL cannot store NUL (nor a lone surrogate) in the columns it saves: a header cell
  // holding one would otherwise fail the whole upload.
  const cleaned = rawNames.map(toStorableText);
  const written = new Set(cleaned.map((name) => name.trim()).filter((name) => name !== ""));

  cleaned.forEach((raw, index) => {
    const trimmed = raw.trim();
    let name = trimmed === "" ? `column_${index + 1}` : trimmed;
    if (taken.has(name) || (trimmed === "" && written.has(name))) {
      let suffix = 2;
      while (taken.has(`${name}_${suffix}`) || written.has(`${name}_${suffix}`)) suffix += 1;
      name = `${name}_${suffix}`;
    }
    if (trimmed === "") {
      problems.push({
        ...where,
        code: "empty_column_name",
        message: `Column ${index + 1} has no name; it is called "${name}".`,
      });
    } else if (name !== trimmed) {
      problems.push({
        ...where,
        code: "duplicate_column_name",
        message: `Column ${index + 1} repeats the name "${trimmed}"; it is called "${name}".`,
      });
    }
    if (raw !== rawNames[index]) {
      problems.push({
        ...where,
        code: "unstorable_column_name",
        message: `Column ${index + 1}'s name had a NUL or broken Unicode character, which cannot be saved; it is called "${name}".`,
      });
    }
    taken.add(name);
    names.push(name);
  });
  return { names, problems };
}
