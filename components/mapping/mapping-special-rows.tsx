"use client";

import type { MappingSpec } from "@/lib/conversions/mapping-spec";
import { Badge } from "../ui/badge";
import { Select } from "../ui/input";
import { Td } from "../ui/table";
import type { MappingColumn } from "./mapping-types";
import { toneText } from "../ui/tone-text";

interface RowProps<T> {
  value: T;
  onChange: (value: T) => void;
  columns: MappingColumn[];
  errors: string[] | undefined;
  disabled: boolean;
}

function RowShell({
  id,
  label,
  help,
  required,
  errors,
  children,
  example,
}: {
  id: string;
  label: string;
  help: string;
  required?: boolean;
  errors: string[] | undefined;
  children: React.ReactNode;
  example: React.ReactNode;
}) {
  return (
    <tr className={errors?.length ? "bg-danger-soft/40" : undefined}>
      <Td className="align-top">
        <div className="flex items-center gap-1.5">
          <label htmlFor={id} className="font-medium">
            {label}
          </label>
          {required ? (
            <Badge tone="danger" className={toneText.danger}>
              Required
            </Badge>
          ) : null}
        </div>
        <p id={`${id}-help`} className="mt-1 text-xs text-muted-foreground">
          {help}
        </p>
      </Td>
      <Td className="align-top">
        {children}
        {errors?.length ? (
          <p id={`${id}-error`} className={`mt-2 text-xs font-medium ${toneText.danger}`}>
            {errors.join(" ")}
          </p>
        ) : null}
      </Td>
      <Td className="align-top text-xs text-muted-foreground">{example}</Td>
    </tr>
  );
}

/** event_id: the destination's own event (usual), or a column naming one per row. */
export function EventIdRow({
  value,
  onChange,
  columns,
  errors,
  disabled,
  destinationEvent,
}: RowProps<MappingSpec["eventId"]> & { destinationEvent: string | null }) {
  const id = "map-event_id";
  return (
    <RowShell
      id={id}
      label="Event"
      required
      help="The X event each conversion counts for."
      errors={errors}
      example={
        value.kind === "destination" ? (
          <span className="font-mono">{destinationEvent ?? "—"}</span>
        ) : (
          columns.find((c) => c.name === value.column)?.example
        )
      }
    >
      <Select
        id={id}
        value={value.kind === "destination" ? "destination" : `col:${value.column}`}
        disabled={disabled}
        aria-describedby={`${id}-help`}
        onChange={(event) =>
          onChange(
            event.target.value === "destination"
              ? { kind: "destination" }
              : { kind: "column", column: event.target.value.slice(4) },
          )
        }
      >
        {/* Short, so the narrow column shows it whole; the sample column beside it shows the id. */}
        <option value="destination">The destination&apos;s event</option>
        {columns.map((column) => (
          <option key={column.name} value={`col:${column.name}`}>
            Column: {column.name}
          </option>
        ))}
      </Select>
    </RowShell>
  );
}

/** contents: nothing, a JSON column of items, or per-item columns (set by importing a mapping). */
export function ContentsRow({ value, onChange, columns, errors, disabled }: RowProps<MappingSpec["contents"]>) {
  const id = "map-contents";
  const selected = value.kind === "json" ? `json:${value.column}` : value.kind;
  return (
    <RowShell
      id={id}
      label="Contents"
      help="Products in the conversion: a column holding a JSON array of items (content_id, content_price, num_items…)."
      errors={errors}
      example={
        value.kind === "json"
          ? columns.find((c) => c.name === value.column)?.example
          : value.kind === "columns"
            ? `${value.items.length} item(s) from per-item columns`
            : null
      }
    >
      <Select
        id={id}
        value={selected}
        disabled={disabled}
        aria-describedby={`${id}-help`}
        onChange={(event) => {
          const next = event.target.value;
          if (next === "none") onChange({ kind: "none" });
          else if (next.startsWith("json:")) onChange({ kind: "json", column: next.slice(5) });
        }}
      >
        <option value="none">— Not mapped —</option>
        {value.kind === "columns" ? (
          <option value="columns">Per-item columns (from the imported mapping)</option>
        ) : null}
        {columns.map((column) => (
          <option key={column.name} value={`json:${column.name}`}>
            JSON column: {column.name}
          </option>
        ))}
      </Select>
    </RowShell>
  );
}
