import type { MappingSpec } from "@/lib/conversions/index";
import { cellToText, readCell } from "@/lib/conversions/cell-text";
import { deriveConversionId, readRowKey } from "@/lib/conversions/conversion-id";
import type { SourceValue } from "@/lib/sources/types";

/**
 * A row's key in the sent-ledger is the conversion_id convertRow gives it (lib/conversions'
 * conversion_id policy): the mapped conversion_id, else a digest of the row key columns, else a
 * digest of the conversion's content. The first two can be read before converting, which lets a
 * re-run skip rows already sent without normalising and hashing them again; the third needs the
 * conversion, so those rows are looked up after conversion.
 *
 * Returns undefined when only the converted row can tell.
 */
export function readRowKeyEarly(mapping: MappingSpec, values: Record<string, SourceValue>): string | undefined {
  const mapped = mapping.fields.conversion_id;
  if (mapped?.kind === "column") {
    const text = cellToText(readCell(values, mapped.column));
    if (text.kind === "value") return text.value;
    if (text.kind === "error") return undefined;
  }
  const key = readRowKey(values, mapping.options.rowKeyColumns);
  return key.kind === "columns" ? deriveConversionId(key.material) : undefined;
}
