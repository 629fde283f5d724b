import Link from "next/link";
import { FIELD_CATALOG, type ScalarFieldKey } from "@/lib/conversions/field-catalog";
import type { FieldSource, MappingSpec } from "@/lib/conversions/mapping-spec";
import { Badge } from "../ui/badge";
import { Card, CardHeader } from "../ui/card";
import { Table, Td, Th } from "../ui/table";

function describeSource(source: FieldSource): React.ReactNode {
  return source.kind === "column" ? (
    <span className="font-mono">{source.column}</span>
  ) : (
    <>
      Static: <span className="font-mono">{String(source.value)}</span>
    </>
  );
}

/** The saved mapping, read-only: X field ← where its value comes from. */
export function MappingSummary({
  mapping,
  eventId,
  editHref,
}: {
  mapping: MappingSpec | null;
  eventId: string | null;
  editHref: string | null;
}) {
  const rows: Array<{ key: string; label: string; from: React.ReactNode; hashed: boolean }> = [];
  if (mapping) {
    for (const field of FIELD_CATALOG) {
      if (field.key === "event_id") {
        rows.push({
          key: field.key,
          label: field.label,
          from:
            mapping.eventId.kind === "destination" ? (
              <>
                This destination&apos;s event (<span className="font-mono">{eventId}</span>)
              </>
            ) : (
              describeSource(mapping.eventId)
            ),
          hashed: false,
        });
      } else if (field.key === "contents") {
        if (mapping.contents.kind === "json")
          rows.push({
            key: field.key,
            label: field.label,
            from: (
              <>
                JSON column <span className="font-mono">{mapping.contents.column}</span>
              </>
            ),
            hashed: false,
          });
        if (mapping.contents.kind === "columns")
          rows.push({
            key: field.key,
            label: field.label,
            from: `${mapping.contents.items.length} item(s) from per-item columns`,
            hashed: false,
          });
      } else {
        const source = mapping.fields[field.key as ScalarFieldKey];
        if (source)
          rows.push({
            key: field.key,
            label: field.label,
            from: describeSource(source),
            hashed: field.hashed && mapping.options.hashing,
          });
      }
    }
  }
  return (
    <Card>
      <CardHeader
        title="Mapping"
        description={
          mapping
            ? `Hashing ${mapping.options.hashing ? "on" : "off"} · ${mapping.options.phoneCountryColumn ? `phone country from ${mapping.options.phoneCountryColumn}, else ` : ""}default phone country ${mapping.options.defaultPhoneCountry ?? "none"} · source time zone ${mapping.options.sourceTimeZone}`
            : "Not mapped yet."
        }
        actions={
          editHref ? (
            <Link href={editHref} className="whitespace-nowrap text-xs font-medium text-primary hover:underline">
              Change mapping
            </Link>
          ) : undefined
        }
      />
      {rows.length > 0 ? (
        <Table>
          <thead>
            <tr>
              <Th>X field</Th>
              <Th>From</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <Td className="font-medium">{row.label}</Td>
                <Td>
                  {row.from}{" "}
                  {row.hashed ? (
                    <Badge tone="primary" className="ml-1">
                      SHA-256
                    </Badge>
                  ) : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </Card>
  );
}
