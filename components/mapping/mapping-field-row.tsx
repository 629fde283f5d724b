"use client";

import { Hash } from "lucide-react";
import type { FieldDefinition } from "@/lib/conversions/field-catalog";
import type { FieldSource } from "@/lib/conversions/mapping-spec";
import { Badge } from "../ui/badge";
import { Input, Select } from "../ui/input";
import { Td } from "../ui/table";
import type { MappingColumn } from "./mapping-types";
import { toneText } from "../ui/tone-text";

interface MappingFieldRowProps {
  field: FieldDefinition;
  source: FieldSource | undefined;
  columns: MappingColumn[];
  onChange: (source: FieldSource | undefined) => void;
  errors: string[] | undefined;
  suggested: boolean;
  hashing: boolean;
  disabled: boolean;
}

/** One X field: where its value comes from (a column, a static value, or nothing) and its errors. */
export function MappingFieldRow({
  field,
  source,
  columns,
  onChange,
  errors,
  suggested,
  hashing,
  disabled,
}: MappingFieldRowProps) {
  const id = `map-${field.key}`;
  const selectValue = source?.kind === "column" ? `col:${source.column}` : source?.kind === "static" ? "static" : "";
  const column = source?.kind === "column" ? columns.find((candidate) => candidate.name === source.column) : undefined;
  const unknownColumn = source?.kind === "column" && !column;
  const describedBy = [`${id}-help`, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <tr className={errors?.length ? "bg-danger-soft/40" : undefined}>
      <Td className="w-[36%] align-top">
        <div className="flex flex-wrap items-center gap-1.5">
          <label htmlFor={id} className="font-medium">
            {field.label}
          </label>
          {field.required === "always" ? (
            <Badge tone="danger" className={toneText.danger}>
              Required
            </Badge>
          ) : null}
          {field.hashed && hashing ? (
            <Badge tone="primary" title="SHA-256 hashed before sending">
              <Hash aria-hidden className="h-3 w-3" />
              Hashed
            </Badge>
          ) : null}
        </div>
        <p id={`${id}-help`} className="mt-1 text-xs text-muted-foreground">
          {withCode(field.help)}
        </p>
      </Td>
      <Td className="w-[38%] align-top">
        <div className="space-y-2">
          <Select
            id={id}
            value={selectValue}
            disabled={disabled}
            aria-describedby={describedBy}
            aria-invalid={errors?.length ? true : undefined}
            onChange={(event) => {
              const value = event.target.value;
              if (value === "") onChange(undefined);
              else if (value === "static") onChange({ kind: "static", value: "" });
              else onChange({ kind: "column", column: value.slice(4) });
            }}
          >
            <option value="">— Not mapped —</option>
            {unknownColumn ? <option value={selectValue}>{source.column} (not in this source)</option> : null}
            {columns.map((candidate) => (
              <option key={candidate.name} value={`col:${candidate.name}`}>
                {candidate.name} ({candidate.type})
              </option>
            ))}
            {field.staticAllowed ? <option value="static">Static value…</option> : null}
          </Select>
          {source?.kind === "static" ? (
            <Input
              aria-label={`Static value for ${field.label}`}
              value={String(source.value)}
              disabled={disabled}
              placeholder={field.example}
              aria-invalid={errors?.length ? true : undefined}
              onChange={(event) => onChange({ kind: "static", value: event.target.value })}
            />
          ) : null}
          {errors?.length ? (
            <p id={`${id}-error`} className={`text-xs font-medium ${toneText.danger}`}>
              {errors.join(" ")}
            </p>
          ) : null}
        </div>
      </Td>
      <Td className="align-top text-xs text-muted-foreground">
        {column ? (
          <span className="break-all font-mono">{column.example ?? "(empty in the sample)"}</span>
        ) : source?.kind === "static" ? (
          "Same value on every row"
        ) : (
          <span>
            e.g.{" "}
            <span className="break-all font-mono">
              {field.example.length > 40 ? `${field.example.slice(0, 39)}…` : field.example}
            </span>
          </span>
        )}
        {suggested ? (
          <Badge tone="success" className={`${toneText.success} ml-2`}>
            Suggested
          </Badge>
        ) : null}
      </Td>
    </tr>
  );
}

/** The catalog's help marks literal formats with backticks; show them as code. */
function withCode(text: string) {
  return text.split("`").map((part, index) =>
    index % 2 === 1 ? (
      <code key={index} className="rounded bg-muted px-1">
        {part}
      </code>
    ) : (
      part
    ),
  );
}
