import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseMappingSpec, type MappingSpec } from "@/lib/conversions/mapping-spec";
import type { DestinationSettings } from "@/lib/conversions/types";
import { CliError } from "./cli-io";

export interface MappingFile {
  mapping: MappingSpec;
  /** Present when the file is an envelope `{ "mapping": {...}, "destination": {...} }`. */
  destination: DestinationSettings;
}

/**
 * Reads a mapping JSON file: either a bare mapping spec (what the wizard saves) or an envelope
 * with the destination's event and pixel next to it, so a preview needs no extra flags.
 */
export async function loadMappingFile(path: string, cwd: string): Promise<MappingFile> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), "utf8");
  } catch (error) {
    throw new CliError(`cannot read mapping file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`mapping file ${path} is not valid JSON`);
  }
  const isEnvelope = typeof json === "object" && json !== null && !Array.isArray(json) && "mapping" in json;
  const raw = isEnvelope ? (json as { mapping: unknown }).mapping : json;
  const parsed = parseMappingSpec(raw);
  if (!parsed.ok) {
    const issues = parsed.issues.map((issue) => `  ${issue.path || "(root)"}: ${issue.message}`).join("\n");
    throw new CliError(`mapping file ${path} is not a valid mapping:\n${issues}`);
  }
  return {
    mapping: parsed.spec,
    destination: isEnvelope ? readDestination((json as { destination?: unknown }).destination) : {},
  };
}

function readDestination(value: unknown): DestinationSettings {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null)
    throw new CliError(`"destination" must be an object with eventId and pixelId`);
  const record = value as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const field = record[key];
    if (field === undefined || field === null) return undefined;
    if (typeof field !== "string") throw new CliError(`destination.${key} must be a string`);
    return field;
  };
  return { eventId: text("eventId"), pixelId: text("pixelId") };
}
