"use client";

import { useState } from "react";
import type { SourceColumn } from "@/lib/sources/types";
import { Alert } from "../ui/alert";
import { Field } from "../ui/field";
import { Input, Select } from "../ui/input";
import { toneText } from "../ui/tone-text";
import { ChoiceCard } from "./choice-card";
import { CopyButton } from "./copy-button";

export interface ReadModeSettings {
  column: string;
  type: string;
  /** Seconds for a time column, values for an integer one. */
  lookback: number;
  watermark: string | null;
  watermarkAt: string | null;
}

interface ReadModeFieldsProps {
  sourceKind: "POSTGRES" | "CSV" | null;
  /** Columns that can be a cursor, best guesses first (suggestCursorColumns). */
  cursorChoices: SourceColumn[];
  incremental: ReadModeSettings | null;
  fieldErrors: Record<string, string[] | undefined>;
}

/**
 * The schedule step's "What each run reads": every row, or only the rows after the watermark of a
 * cursor column (Postgres sources). The server checks the column against the source when it is
 * saved and may ask for a second submit: to save without an index, or to reset a watermark.
 */
export function ReadModeFields({ sourceKind, cursorChoices, incremental, fieldErrors }: ReadModeFieldsProps) {
  const [mode, setMode] = useState<"FULL" | "INCREMENTAL">(incremental ? "INCREMENTAL" : "FULL");
  const [column, setColumn] = useState(incremental?.column ?? cursorChoices[0]?.name ?? "");
  // The server's questions ("save without an index", "reset the watermark") stay on the form,
  // with their boxes as ticked, until the choice they are about changes: an answer to one must
  // not disappear when the next save asks the other.
  const [asked, setAsked] = useState<Partial<Record<Question, string[]>>>({});
  const [seenErrors, setSeenErrors] = useState(fieldErrors);
  if (seenErrors !== fieldErrors) {
    setSeenErrors(fieldErrors);
    const next = { ...asked };
    for (const question of QUESTIONS) if (fieldErrors[question]) next[question] = fieldErrors[question];
    setAsked(next);
  }
  const choose = (change: () => void) => {
    change();
    setAsked({});
  };
  const chosen = cursorChoices.find((choice) => choice.name === column);
  const isNumber = chosen ? chosen.type === "number" : incremental?.type === "integer";
  const initial = lookbackOf(incremental);
  const [unit, setUnit] = useState<"minutes" | "hours">(initial.unit === "values" ? "hours" : initial.unit);
  const postgres = sourceKind === "POSTGRES";
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium">What each run reads</legend>
      <div className="space-y-2">
        <ChoiceCard
          name="readMode"
          value="FULL"
          checked={mode === "FULL"}
          onChange={() => choose(() => setMode("FULL"))}
          description="The whole source, every run. Rows already sent are skipped, so nothing is sent twice."
        >
          Every row
        </ChoiceCard>
        <ChoiceCard
          name="readMode"
          value="INCREMENTAL"
          checked={mode === "INCREMENTAL"}
          onChange={() => choose(() => setMode("INCREMENTAL"))}
          disabled={!postgres}
          description={
            postgres
              ? "Only rows whose cursor column (a time, or an id that only grows) reached past the last complete run. Fast on large tables with an index on that column."
              : "Needs a PostgreSQL source: a CSV file is read whole on every run."
          }
        >
          Only new rows (incremental)
        </ChoiceCard>
        {mode === "INCREMENTAL" && postgres ? (
          <div className="ml-7 space-y-3">
            {fieldErrors.readMode ? (
              <p className="text-xs font-medium text-danger">{fieldErrors.readMode.join(" ")}</p>
            ) : null}
            <div className="flex flex-wrap items-start gap-2">
              <Field
                id="cursor-column"
                label="Cursor column"
                errors={fieldErrors.cursorColumn}
                hint={
                  cursorChoices.length === 0
                    ? "The source has no time or number column."
                    : "A time the row last changed, or an id that only grows (a whole number)."
                }
              >
                <Select
                  name="cursorColumn"
                  value={column}
                  onChange={(event) => choose(() => setColumn(event.target.value))}
                  className="w-64 max-w-full"
                >
                  {column && !chosen ? <option value={column}>{column}</option> : null}
                  {cursorChoices.map((choice) => (
                    <option key={choice.name} value={choice.name}>
                      {choice.name} ({choice.type === "timestamp" ? "time" : "number"})
                    </option>
                  ))}
                </Select>
              </Field>
              <Field id="lookback-value" label="Lookback" errors={fieldErrors.lookbackValue}>
                <Input
                  name="lookbackValue"
                  inputMode="numeric"
                  defaultValue={String(isNumber && initial.unit !== "values" ? 0 : initial.value)}
                  key={isNumber ? "values" : "time"}
                  className="w-24"
                />
              </Field>
              {isNumber ? (
                <>
                  <input type="hidden" name="lookbackUnit" value="values" />
                  <p className="mt-8 text-sm text-muted-foreground">values (ids)</p>
                </>
              ) : (
                <Field id="lookback-unit" label="Unit">
                  <Select
                    name="lookbackUnit"
                    value={unit}
                    onChange={(event) => setUnit(event.target.value as "minutes" | "hours")}
                    className="w-32"
                  >
                    <option value="minutes">minutes</option>
                    <option value="hours">hours</option>
                  </Select>
                </Field>
              )}
            </div>
            <p className="text-xs text-muted-foreground">
              Each run reads again this far behind the last run’s highest {column || "cursor"}, so rows that arrive late
              are still sent; rows older than that are not (use “Full resync” on the destination’s page for those). Rows
              with an empty {column || "cursor"} are reported as problems on every run.
            </p>
            {incremental?.watermark && incremental.column === column ? (
              <p className="text-xs text-muted-foreground">
                Watermark so far: <code className="font-mono text-foreground">{incremental.watermark}</code>
              </p>
            ) : null}
            {asked.acceptNoIndex ? (
              <Alert tone="warning" className={toneText.warning} title="No index for this column">
                <IndexAdvice text={asked.acceptNoIndex.join(" ")} />
                <label className="mt-2 flex items-center gap-2 font-medium">
                  <input type="checkbox" name="acceptNoIndex" value="true" className="h-4 w-4" />
                  Save without an index
                </label>
              </Alert>
            ) : null}
          </div>
        ) : null}
        {asked.confirmWatermarkReset ? (
          <Alert tone="warning" className={toneText.warning} title="This resets the watermark">
            <p>{asked.confirmWatermarkReset.join(" ")}</p>
            <label className="mt-2 flex items-center gap-2 font-medium">
              <input type="checkbox" name="confirmWatermarkReset" value="true" className="h-4 w-4" />
              Reset the watermark
            </label>
          </Alert>
        ) : null}
      </div>
    </fieldset>
  );
}

const QUESTIONS = ["acceptNoIndex", "confirmWatermarkReset"] as const;
type Question = (typeof QUESTIONS)[number];

/** The server's advice, with its CREATE INDEX (when it names one) as code to copy. */
function IndexAdvice({ text }: { text: string }) {
  const sql = /CREATE INDEX ON .+;$/.exec(text)?.[0];
  if (!sql) return <p>{text}</p>;
  return (
    <>
      <p>{text.slice(0, text.length - sql.length).replace(/\s*Create one:\s*$/, "")} Create one:</p>
      <div className="mt-2 flex items-start gap-2">
        <pre className="min-w-0 flex-1 overflow-x-auto rounded bg-card px-3 py-2 font-mono text-xs text-foreground">
          {sql}
        </pre>
        <CopyButton text={sql} label="Copy SQL" />
      </div>
    </>
  );
}

function lookbackOf(incremental: ReadModeSettings | null): { value: number; unit: "minutes" | "hours" | "values" } {
  if (!incremental) return { value: 2, unit: "hours" };
  if (incremental.type === "integer") return { value: incremental.lookback, unit: "values" };
  return incremental.lookback % 3600 === 0
    ? { value: incremental.lookback / 3600, unit: "hours" }
    : { value: Math.round(incremental.lookback / 60), unit: "minutes" };
}
