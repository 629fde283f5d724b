"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useMemo, useState, type FormEvent } from "react";
import { saveMappingStepAction } from "@/app/(app)/destinations/[id]/setup/actions";
import { mappingRowOf } from "@/lib/destinations/check-mapping-against-source";
import { FIELD_CATALOG, type ScalarFieldKey } from "@/lib/conversions/field-catalog";
import type { FieldSource, MappingSpec } from "@/lib/conversions/mapping-spec";
import { Alert } from "../ui/alert";
import { Table, Th } from "../ui/table";
import { StepFooter } from "../wizard/step-footer";
import { MappingFieldRow } from "./mapping-field-row";
import { MappingImportExport } from "./mapping-import-export";
import { MappingOptions } from "./mapping-options";
import { ContentsRow, EventIdRow } from "./mapping-special-rows";
import type { MappingColumn } from "./mapping-types";
import { toneText } from "../ui/tone-text";

interface MappingEditorProps {
  destinationId: string;
  destinationName: string;
  columns: MappingColumn[];
  initial: MappingSpec;
  /** Fields pre-filled from the column names (no mapping was saved yet). */
  suggestedKeys: string[];
  destinationEvent: string | null;
  countries: Array<{ code: string; name: string }>;
  timeZones: string[];
  readOnly: boolean;
  backHref: string;
}

const GROUPS = [
  { key: "event", title: "Event", note: null },
  {
    key: "identifier",
    title: "Who converted",
    note: "At least one of Click ID, Email or Phone is required. More identifiers match more conversions.",
  },
  { key: "value", title: "Value", note: null },
  { key: "contents", title: "Products", note: null },
] as const;

/** The mapping table, generated from the field catalog, saved as the versioned mapping JSON. */
export function MappingEditor(props: MappingEditorProps) {
  const { destinationId, columns, readOnly } = props;
  const router = useRouter();
  const [spec, setSpec] = useState<MappingSpec>(props.initial);
  const [suggested, setSuggested] = useState(() => new Set(props.suggestedKeys));
  const [state, dispatch, pending] = useActionState(saveMappingStepAction, null);
  useEffect(() => {
    if (state?.ok) router.push(state.data.next);
  }, [state, router]);

  const errors = useMemo(() => {
    const byRow: Record<string, string[]> = {};
    if (state && !state.ok)
      for (const [path, messages] of Object.entries(state.fieldErrors ?? {}))
        (byRow[mappingRowOf(path)] ??= []).push(...messages);
    return byRow;
  }, [state]);
  const shownRows = new Set([
    ...FIELD_CATALOG.map((field) => `mapping.fields.${field.key}`),
    "mapping.eventId",
    "mapping.contents",
    "mapping.identifiers",
    "mapping.options.defaultPhoneCountry",
    "mapping.options.phoneCountryColumn",
    "mapping.options.decimalSeparator",
    "mapping.options.dateOrder",
    "mapping.options.sourceTimeZone",
    "mapping.options.rowKeyColumns",
  ]);
  const otherErrors = Object.entries(errors).filter(([row]) => !shownRows.has(row));

  const setField = (key: ScalarFieldKey, source: FieldSource | undefined) => {
    setSpec((current) => {
      const fields = { ...current.fields };
      if (source) fields[key] = source;
      else delete fields[key];
      return { ...current, fields };
    });
    setSuggested((current) => {
      const next = new Set(current);
      next.delete(key);
      return next;
    });
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(() => dispatch({ destinationId, mapping: spec }));
  }

  const mappedCount = Object.keys(spec.fields).length;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <p className="max-w-xl text-sm text-muted-foreground">
          Choose which column of the source feeds each of X&apos;s fields. Values shown are from the source&apos;s first
          rows, with emails and phone numbers masked. {mappedCount} field{mappedCount === 1 ? "" : "s"} mapped.
        </p>
        <MappingImportExport
          spec={spec}
          fileName={`${props.destinationName.replace(/[^\w-]+/g, "-").toLowerCase() || "destination"}-mapping.json`}
          disabled={readOnly}
          onImport={(imported) => {
            setSpec(imported);
            setSuggested(new Set());
          }}
        />
      </div>
      {suggested.size > 0 ? (
        <Alert tone="info" title={`${suggested.size} fields pre-filled from your column names`}>
          Suggestions are marked; check each one before saving.
        </Alert>
      ) : null}
      {state && !state.ok ? (
        <Alert tone="danger" className={toneText.danger} title={state.message}>
          {otherErrors.length > 0 ? (
            <ul className="list-disc pl-5">
              {otherErrors.map(([row, messages]) => (
                <li key={row}>
                  {row}: {messages.join(" ")}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      <div className="overflow-hidden rounded-md border border-border">
        <Table>
          <thead>
            <tr>
              <Th>X field</Th>
              <Th>From</Th>
              <Th>Sample value</Th>
            </tr>
          </thead>
          {GROUPS.map((group) => (
            <tbody key={group.key}>
              <tr>
                <th
                  scope="rowgroup"
                  colSpan={3}
                  className="bg-muted px-4 py-2 text-left text-xs font-semibold uppercase tracking-wide text-muted-foreground"
                >
                  {group.title}
                  {group.note ? (
                    <span className="ml-2 font-normal normal-case tracking-normal">{group.note}</span>
                  ) : null}
                  {group.key === "identifier" && errors["mapping.identifiers"] ? (
                    <span
                      role="alert"
                      className={`mt-1 block font-medium normal-case tracking-normal ${toneText.danger}`}
                    >
                      {errors["mapping.identifiers"].join(" ")}
                    </span>
                  ) : null}
                </th>
              </tr>
              {FIELD_CATALOG.filter((field) => field.group === group.key).map((field) => {
                if (field.key === "event_id") {
                  return (
                    <EventIdRow
                      key={field.key}
                      value={spec.eventId}
                      onChange={(eventId) => setSpec({ ...spec, eventId })}
                      columns={columns}
                      errors={errors["mapping.eventId"]}
                      disabled={readOnly}
                      destinationEvent={props.destinationEvent}
                    />
                  );
                }
                if (field.key === "contents") {
                  return (
                    <ContentsRow
                      key={field.key}
                      value={spec.contents}
                      onChange={(contents) => setSpec({ ...spec, contents })}
                      columns={columns}
                      errors={errors["mapping.contents"]}
                      disabled={readOnly}
                    />
                  );
                }
                const key = field.key as ScalarFieldKey;
                return (
                  <MappingFieldRow
                    key={key}
                    field={field}
                    source={spec.fields[key]}
                    columns={columns}
                    onChange={(source) => setField(key, source)}
                    errors={errors[`mapping.fields.${key}`]}
                    suggested={suggested.has(key)}
                    hashing={spec.options.hashing}
                    disabled={readOnly}
                  />
                );
              })}
            </tbody>
          ))}
        </Table>
      </div>
      <section aria-labelledby="mapping-options-title" className="space-y-3">
        <h3 id="mapping-options-title" className="text-sm font-semibold">
          Normalization
        </h3>
        <MappingOptions
          options={spec.options}
          onChange={(options) => setSpec({ ...spec, options })}
          columns={columns}
          conversionIdMapped={Boolean(spec.fields.conversion_id)}
          errors={errors}
          disabled={readOnly}
          countries={props.countries}
          timeZones={props.timeZones}
        />
      </section>
      <StepFooter
        backHref={props.backHref}
        submitLabel="Save mapping and preview"
        pending={pending || Boolean(state?.ok)}
        readOnly={readOnly}
      />
    </form>
  );
}
