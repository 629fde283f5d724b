import Link from "next/link";
import type { RunFilters } from "@/lib/runs/run-filters";
import { RUN_STATUS_LOOK } from "../destinations/run-status-badge";
import { Button, buttonVariants } from "../ui/button";
import { Field } from "../ui/field";
import { Input, Select } from "../ui/input";
import { ViewerTimeZoneInput } from "./viewer-time-zone-input";

/**
 * The Runs page's filters: a plain GET form, so the filters live in the URL (a filtered list can
 * be bookmarked and shared) and the server does the filtering and paging. Days are the viewer's.
 */
export function RunsFilterForm({
  filters,
  destinations,
  rangeError,
}: {
  filters: RunFilters;
  destinations: Array<{ id: string; name: string }>;
  rangeError: string | null;
}) {
  return (
    <form
      method="get"
      action="/runs"
      role="search"
      aria-label="Filter runs"
      className="mb-6 grid gap-3 rounded-lg border border-border bg-card p-4 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1.2fr)_minmax(0,1fr)_minmax(0,1fr)_auto] lg:items-end"
    >
      <Field id="filter-destination" label="Destination">
        <Select name="destination" defaultValue={filters.destinationId ?? ""} className="w-full">
          <option value="">All destinations</option>
          {destinations.map((destination) => (
            <option key={destination.id} value={destination.id}>
              {destination.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="filter-status" label="Status">
        <Select name="status" defaultValue={filters.status ?? ""} className="w-full">
          <option value="">Any status</option>
          {Object.entries(RUN_STATUS_LOOK).map(([status, look]) => (
            <option key={status} value={status}>
              {look.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="filter-from" label="From">
        <Input type="date" name="from" defaultValue={filters.from ?? ""} className="w-full" />
      </Field>
      <Field id="filter-to" label="To" errors={rangeError ? [rangeError] : undefined}>
        <Input type="date" name="to" defaultValue={filters.to ?? ""} className="w-full" />
      </Field>
      <ViewerTimeZoneInput />
      <div className="flex gap-2 sm:col-span-2 lg:col-span-1">
        {/* eslint-disable-next-line no-restricted-syntax -- a search, meant as a GET, works before hydration */}
        <Button type="submit">Filter</Button>
        <Link href="/runs" className={buttonVariants({ variant: "ghost" })}>
          Clear
        </Link>
      </div>
    </form>
  );
}
