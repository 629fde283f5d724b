// Specific modules, not the index: the mapping editor (a client component) uses this, and the
// index pulls in node:crypto.
import { MATCHING_IDENTIFIER_KEYS } from "@/lib/conversions/field-catalog";
import { columnRefs, type MappingSpec } from "@/lib/conversions/mapping-spec";

/**
 * What the schema cannot know: whether the mapped columns exist in this source, and whether the
 * fields every row needs are mapped at all. Errors are keyed by the mapping path of the row that
 * has them (conventions.md §7), so the table shows each next to its field.
 */
export function checkMappingAgainstSource(
  spec: MappingSpec,
  sourceColumns: readonly string[],
): Record<string, string[]> {
  const available = new Set(sourceColumns);
  const errors: Record<string, string[]> = {};
  const add = (path: string, message: string) => (errors[path] ??= []).push(message);
  const missing = (column: string) => `The source has no column "${column}".`;

  for (const ref of columnRefs(spec)) {
    if (!available.has(ref.column) && !errors[ref.path]?.includes(missing(ref.column)))
      add(ref.path, missing(ref.column));
  }

  if (!spec.fields.conversion_time)
    add("mapping.fields.conversion_time", "Map the conversion time: every row needs one, and Sluice never invents it.");
  if (!MATCHING_IDENTIFIER_KEYS.some((key) => spec.fields[key as keyof MappingSpec["fields"]])) {
    add("mapping.identifiers", "Map at least one of Click ID (twclid), Email or Phone: X matches conversions on them.");
  }
  return errors;
}

/** Zod's issue paths ("mapping.fields.value.value") shortened to the table row they belong to. */
export function mappingRowOf(path: string): string {
  const parts = path.split(".");
  if (parts[0] !== "mapping") return path;
  if (parts[1] === "fields" && parts[2]) return `mapping.fields.${parts[2]}`;
  if (parts[1] === "contents" && parts[2] === "items" && parts[3] && parts[4])
    return `mapping.contents.items.${parts[3]}.${parts[4]}`;
  if (parts[1] === "options" && parts[2]) return `mapping.options.${parts[2]}`;
  return parts.slice(0, 2).join(".");
}
