"use client";

import type { MappingSpec } from "@/lib/conversions/mapping-spec";
import { Field } from "../ui/field";
import { Select } from "../ui/input";
import { Switch } from "../ui/switch";
import type { MappingColumn } from "./mapping-types";

type Options = MappingSpec["options"];

interface MappingOptionsProps {
  options: Options;
  onChange: (options: Options) => void;
  columns: MappingColumn[];
  conversionIdMapped: boolean;
  errors: Record<string, string[]>;
  disabled: boolean;
  /** Built on the server: the browser's own lists may differ from Node's and break hydration. */
  countries: Array<{ code: string; name: string }>;
  timeZones: string[];
}

export function MappingOptions({
  options,
  onChange,
  columns,
  conversionIdMapped,
  errors,
  disabled,
  countries,
  timeZones,
}: MappingOptionsProps) {
  const set = (patch: Partial<Options>) => onChange({ ...options, ...patch });
  return (
    <div className="space-y-5">
      <div className="rounded-md border border-border p-4">
        <div className="flex items-start justify-between gap-4">
          <div>
            <label htmlFor="mapping-hashing" className="text-sm font-medium">
              Apply hashing (SHA256)
            </label>
            <p id="mapping-hashing-help" className="mt-1 text-xs text-muted-foreground">
              {options.hashing ? "On (recommended)." : "Off."} X only accepts emails and phone numbers as SHA-256
              hashes.
            </p>
          </div>
          <Switch
            id="mapping-hashing"
            checked={options.hashing}
            onCheckedChange={(hashing) => set({ hashing })}
            disabled={disabled}
            aria-describedby="mapping-hashing-help mapping-hashing-rules"
          />
        </div>
        <ul id="mapping-hashing-rules" className="mt-3 list-disc space-y-1 pl-5 text-xs text-muted-foreground">
          {options.hashing ? (
            <>
              <li>
                <strong className="font-medium text-foreground">Email:</strong> spaces at either end removed,
                lower-cased, then SHA-256. Nothing else is changed (dots and +tags stay).
              </li>
              <li>
                <strong className="font-medium text-foreground">Phone:</strong> converted to E.164 (a + and the country
                code, e.g. +14155550123; national numbers are read in the row&apos;s country column or the default phone
                country below), then SHA-256. Numbers that cannot be read are left out of that row, with a warning.
              </li>
              <li>Values that already are 64-character SHA-256 digests are sent as they are, never hashed twice.</li>
            </>
          ) : (
            <li>
              Email and phone columns must already hold SHA-256 digests of the normalized value; any other value makes
              the row invalid.
            </li>
          )}
          <li>Click IDs (twclid), IP addresses and user agents are never hashed: X matches them as they are.</li>
        </ul>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="mapping-phone-country-column"
          label="Phone country column"
          hint="Each row's country for numbers written without +country code: an ISO code (GB), an English name (United Kingdom) or a calling code (+44)."
          errors={errors["mapping.options.phoneCountryColumn"]}
        >
          <Select
            value={options.phoneCountryColumn ?? ""}
            disabled={disabled}
            onChange={(event) => set({ phoneCountryColumn: event.target.value || null })}
          >
            <option value="">None: use the default</option>
            {options.phoneCountryColumn && !columns.some((column) => column.name === options.phoneCountryColumn) ? (
              <option value={options.phoneCountryColumn}>{options.phoneCountryColumn} (not in this source)</option>
            ) : null}
            {columns.map((column) => (
              <option key={column.name} value={column.name}>
                {column.name}
                {column.example ? ` (e.g. ${column.example})` : ""}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id="mapping-country"
          label="Default phone country"
          hint={
            options.phoneCountryColumn
              ? "For rows whose country column is empty or not recognized."
              : "For numbers written without +country code, like (415) 555-0123. With none, such numbers are left out."
          }
          errors={errors["mapping.options.defaultPhoneCountry"]}
        >
          <Select
            value={options.defaultPhoneCountry ?? ""}
            disabled={disabled}
            onChange={(event) =>
              set({ defaultPhoneCountry: (event.target.value || null) as Options["defaultPhoneCountry"] })
            }
          >
            <option value="">None</option>
            {countries.map((country) => (
              <option key={country.code} value={country.code}>
                {country.name} ({country.code})
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id="mapping-date-format"
          label="Date format"
          hint="For times that are not ISO 8601 (YYYY-MM-DD HH:mm) or epoch numbers; . and - separators and AM/PM work too. Times more than 10 minutes in the future are sent with a warning."
          errors={errors["mapping.options.dateOrder"]}
        >
          <Select
            value={options.dateOrder}
            disabled={disabled}
            onChange={(event) => set({ dateOrder: event.target.value as Options["dateOrder"] })}
          >
            <option value="auto">ISO 8601 or epoch only</option>
            <option value="DMY">DD/MM/YYYY HH:mm</option>
            <option value="MDY">MM/DD/YYYY HH:mm</option>
          </Select>
        </Field>
        <Field
          id="mapping-number-format"
          label="Number format of Value"
          hint="Unambiguous only takes 12.50 and 1,234.56 but refuses 12,50. Currency signs, codes and spaces around the digits are ignored either way."
          errors={errors["mapping.options.decimalSeparator"]}
        >
          <Select
            value={options.decimalSeparator}
            disabled={disabled}
            onChange={(event) => set({ decimalSeparator: event.target.value as Options["decimalSeparator"] })}
          >
            <option value="auto">Unambiguous only</option>
            <option value="point">Decimal point: 1,234.56</option>
            <option value="comma">Decimal comma: 1.234,56 or 12,50</option>
          </Select>
        </Field>
        <div className="rounded-md border border-border p-3">
          <div className="flex items-start justify-between gap-3">
            <div>
              <label htmlFor="mapping-minor-units" className="text-sm font-medium">
                Value is in minor units (cents)
              </label>
              <p id="mapping-minor-units-help" className="mt-1 text-xs text-muted-foreground">
                Divided by the currency&apos;s ISO 4217 factor: 1999 USD → 19.99, 1999 JPY → 1999. Without a currency,
                USD.
              </p>
            </div>
            <Switch
              id="mapping-minor-units"
              checked={options.valueInMinorUnits}
              onCheckedChange={(valueInMinorUnits) => set({ valueInMinorUnits })}
              disabled={disabled}
              aria-describedby="mapping-minor-units-help"
            />
          </div>
        </div>
        <Field
          id="mapping-timezone"
          label="Source time zone"
          hint="How to read times that carry no zone, like 2024-05-01 14:03. Sent to X as UTC."
          errors={errors["mapping.options.sourceTimeZone"]}
        >
          <Select
            value={options.sourceTimeZone}
            disabled={disabled}
            onChange={(event) => set({ sourceTimeZone: event.target.value })}
          >
            {timeZones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id="mapping-row-key"
          label="Row key column"
          hint={
            conversionIdMapped
              ? "Used only for rows whose conversion ID is empty."
              : "Conversion ID is not mapped: a stable ID is derived from this column (or, with none, from the conversion itself)."
          }
          errors={errors["mapping.options.rowKeyColumns"]}
        >
          <Select
            value={options.rowKeyColumns[0] ?? ""}
            disabled={disabled}
            onChange={(event) => set({ rowKeyColumns: event.target.value ? [event.target.value] : [] })}
          >
            <option value="">None</option>
            {options.rowKeyColumns[0] && !columns.some((column) => column.name === options.rowKeyColumns[0]) ? (
              <option value={options.rowKeyColumns[0]}>{options.rowKeyColumns[0]} (not in this source)</option>
            ) : null}
            {columns.map((column) => (
              <option key={column.name} value={column.name}>
                {column.name}
              </option>
            ))}
          </Select>
        </Field>
      </div>
    </div>
  );
}
