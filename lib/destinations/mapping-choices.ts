import { getCountries } from "libphonenumber-js";

/** Phone countries and time zones for the mapping editor, computed once on the server. */
export function phoneCountryChoices(): Array<{ code: string; name: string }> {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  return getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, "en"));
}

export function timeZoneChoices(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
}
