import { suggestMapping } from "@/lib/conversions";
import type { DestinationView } from "@/lib/destinations/destination-view";
import { sensitiveColumns } from "@/lib/destinations/build-preview";
import { phoneCountryChoices, timeZoneChoices } from "@/lib/destinations/mapping-choices";
import { displaySourceValue } from "@/lib/destinations/mask-source-value";
import type { Loaded } from "@/lib/destinations/load-wizard-step";
import type { SourceSample } from "@/lib/sources/types";
import { MappingEditor } from "../mapping/mapping-editor";
import type { MappingColumn } from "../mapping/mapping-types";
import { SourceReadFailure } from "./source-read-failure";

/** `loaded`: the source's sample rows as the page read them (load-wizard-step.ts). */
export function MappingStep({
  destination,
  readOnly,
  loaded,
}: {
  destination: DestinationView;
  readOnly: boolean;
  loaded: Loaded<SourceSample>;
}) {
  const back = `/destinations/${destination.id}/setup/source`;
  if (!loaded.ok)
    return <SourceReadFailure message={loaded.message} sourceName={destination.source!.name} backHref={back} />;
  const sample = loaded.value;
  const names = sample.columns.map((column) => column.name);
  const suggestion = destination.mapping
    ? null
    : suggestMapping(
        names,
        sample.rows.map((row) => row.values),
      );
  const initial = destination.mapping ?? suggestion!;
  const sensitive = sensitiveColumns(initial, names);
  const columns: MappingColumn[] = sample.columns.map((column) => {
    // The first non-empty value, masked: enough to recognise the column, nothing to leak.
    const value = sample.rows
      .map((row) => row.values[column.name])
      .find((cell) => cell !== null && cell !== undefined && cell !== "");
    return {
      name: column.name,
      type: column.type,
      example: value === undefined ? null : displaySourceValue(value, sensitive.has(column.name)),
    };
  });
  return (
    <MappingEditor
      destinationId={destination.id}
      destinationName={destination.name}
      columns={columns}
      initial={initial}
      suggestedKeys={suggestion ? Object.keys(suggestion.fields) : []}
      destinationEvent={destination.eventId}
      countries={phoneCountryChoices()}
      timeZones={timeZoneChoices()}
      readOnly={readOnly}
      backHref={back}
    />
  );
}
