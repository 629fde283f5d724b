/**
 * Public API of the conversion core. The wizard preview and the sync engine import from here;
 * everything they need to turn source rows into X requests goes through convertRow.
 */
export { FIELD_CATALOG, CONTENT_FIELD_CATALOG, SCALAR_FIELD_KEYS, CONTENT_FIELD_KEYS } from "./field-catalog";
export type { FieldDefinition, FieldType, ScalarFieldKey, ContentFieldKey } from "./field-catalog";
export { mappingSpecSchema, parseMappingSpec, columnRefs, mappedColumns, missingColumns } from "./mapping-spec";
export type {
  MappingSpec,
  MappingSpecInput,
  FieldSource,
  ContentItemMapping,
  MappingParseResult,
  ColumnRef,
} from "./mapping-spec";
export { suggestMapping, normalizeColumnName } from "./suggest-mapping";
export { convertRow, convertRows, MAX_CONVERSION_BYTES } from "./convert-row";
export { duplicateConversionIds } from "./duplicate-conversion-ids";
export type { NumberedRowResult } from "./convert-row";
export {
  ConversionBatcher,
  batchConversions,
  buildConversionsRequest,
  MAX_CONVERSIONS_PER_REQUEST,
  DEFAULT_MAX_REQUEST_BYTES,
} from "./conversion-batcher";
export type { Batchable, BatchLimits, SerializedBatchable } from "./conversion-batcher";
export { sha256Hex, isSha256Hex } from "./hash";
export { PROBLEM_CODES, problemLabel, isProblemCode } from "./problem-codes";
export type { ProblemCode, ConversionProblemCode } from "./problem-codes";
export { bareEventId, parseEventId } from "./value-parsers";
export { jsonByteLength } from "./byte-size";
export type {
  XConversion,
  XIdentifier,
  XContent,
  XConversionsRequest,
  DestinationSettings,
  RowIssue,
  ConversionIssue,
  RowResult,
} from "./types";
