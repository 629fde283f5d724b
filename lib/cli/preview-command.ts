import { parseArgs } from "node:util";
import { convertRow } from "@/lib/conversions/convert-row";
import { missingColumns } from "@/lib/conversions/mapping-spec";
import type { DestinationSettings } from "@/lib/conversions/types";
import { CliError, type CliCommand, type CliIO } from "./cli-io";
import { loadMappingFile } from "./load-mapping-file";
import { openCsvFile } from "./open-csv-file";
import { createJsonPreviewPrinter, createTextPreviewPrinter } from "./preview-printers";

const USAGE = `Usage: sluice preview --csv <file> --mapping <mapping.json> [--limit N] [--json]
                      [--event-id <id>] [--pixel-id <id>]

Shows what each row of a CSV becomes with a mapping: the conversion sent to X (hashed), or every
reason the row is invalid. Nothing is sent anywhere.

  --csv <file>         the CSV file (header row first)
  --mapping <file>     a mapping spec JSON, or { "mapping": ..., "destination": { "eventId", "pixelId" } }
  --limit N            only the first N rows
  --json               one JSON document: { rows: [...], problems: [...], summary: {...} }
  --event-id <id>      the destination's event id (overrides the mapping file's)
  --pixel-id <id>      the destination's pixel id (overrides the mapping file's)`;

export const previewCommand: CliCommand = {
  summary: "show what each CSV row becomes with a mapping (nothing is sent)",
  usage: USAGE,
  run: runPreview,
};

async function runPreview(args: string[], io: CliIO): Promise<number> {
  const options = parseOptions(args);
  const file = await loadMappingFile(options.mapping, io.cwd);
  const destination: DestinationSettings = {
    eventId: options.eventId ?? file.destination.eventId,
    pixelId: options.pixelId ?? file.destination.pixelId,
  };
  const reader = openCsvFile(options.csv, io.cwd);
  const columns = (await reader.columns()).map((column) => column.name);
  const printer = options.json ? createJsonPreviewPrinter(io.stdout) : createTextPreviewPrinter(io.stdout);
  printer.start({ missingColumns: missingColumns(file.mapping, columns) });

  let seen = 0;
  // Rows are converted as they stream in, so a large file previews in flat memory.
  read: for await (const chunk of reader.stream({ chunkSize: 500 })) {
    for (const problem of chunk.problems) printer.problem(problem);
    for (const row of chunk.rows) {
      if (options.limit !== undefined && seen >= options.limit) break read;
      seen += 1;
      printer.row(row, convertRow(file.mapping, destination, row.values));
    }
  }
  printer.end();
  return 0;
}

interface PreviewOptions {
  csv: string;
  mapping: string;
  limit?: number;
  json: boolean;
  eventId?: string;
  pixelId?: string;
}

function parseOptions(args: string[]): PreviewOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        csv: { type: "string" },
        mapping: { type: "string" },
        limit: { type: "string" },
        json: { type: "boolean", default: false },
        "event-id": { type: "string" },
        "pixel-id": { type: "string" },
      },
    }));
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
  if (!values.csv) throw new CliError("--csv <file> is required", 2);
  if (!values.mapping) throw new CliError("--mapping <file> is required", 2);
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!/^\d+$/.test(values.limit) || !Number.isSafeInteger(limit) || limit < 1)
      throw new CliError("--limit must be a whole number of at least 1", 2);
  }
  return {
    csv: values.csv,
    mapping: values.mapping,
    json: values.json,
    ...(limit !== undefined ? { limit } : {}),
    ...(values["event-id"] !== undefined ? { eventId: values["event-id"] } : {}),
    ...(values["pixel-id"] !== undefined ? { pixelId: values["pixel-id"] } : {}),
  };
}
