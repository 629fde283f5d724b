"use client";

import { Field } from "../ui/field";
import { Select } from "../ui/input";
import { useIsClient } from "../ui/use-is-client";

/** Every IANA zone this browser knows, with UTC first; only the chosen one before hydration, so the
 * server's list (another ICU) can never differ from the browser's. */
function zoneOptions(isClient: boolean, chosen: string): string[] {
  if (!isClient || typeof Intl.supportedValuesOf !== "function") return chosen === "UTC" ? ["UTC"] : ["UTC", chosen];
  const zones = Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC");
  return ["UTC", ...(zones.includes(chosen) || chosen === "UTC" ? [] : [chosen]), ...zones];
}

export function TimeZoneSelect({
  id,
  value,
  onChange,
  errors,
}: {
  id: string;
  value: string;
  onChange: (zone: string) => void;
  errors?: string[];
}) {
  const isClient = useIsClient();
  return (
    <Field id={id} label="Time zone" errors={errors} hint="Times follow this zone's daylight-saving changes.">
      <Select
        name="scheduleTimeZone"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="w-full sm:w-72"
      >
        {zoneOptions(isClient, value).map((zone) => (
          <option key={zone} value={zone}>
            {zone.replaceAll("_", " ")}
          </option>
        ))}
      </Select>
    </Field>
  );
}
