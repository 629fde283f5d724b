import { createHash } from "node:crypto";

/**
 * The pg-boss job id of a run: derived from the run id, so a run has exactly one job. Enqueueing
 * it twice is harmless (pg-boss ignores a second insert of the same id), and the worker that
 * finds a dead run can look its job up and have pg-boss retry it.
 */
export function syncJobId(runId: string): string {
  const hex = createHash("sha256").update(`sluice:sync-run:${runId}`).digest("hex");
  // Shaped as an RFC 4122 UUID (version 5 style, variant 10xx) for pg-boss' uuid column.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
