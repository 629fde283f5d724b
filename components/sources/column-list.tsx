import type { SourceColumn } from "@/lib/sources/types";

const TYPE_LABELS: Record<SourceColumn["type"], string> = {
  text: "text",
  number: "number",
  boolean: "true/false",
  timestamp: "date-time",
  json: "JSON",
  unknown: "other",
};

export function ColumnTypeLabel({ type }: { type: SourceColumn["type"] }) {
  return <span className="font-normal normal-case tracking-normal text-muted-foreground">{TYPE_LABELS[type]}</span>;
}

/** The source's columns with their types, as chips. */
export function ColumnList({ columns }: { columns: SourceColumn[] }) {
  return (
    <ul aria-label="Columns" className="flex flex-wrap gap-1.5">
      {columns.map((column) => (
        <li
          key={column.name}
          className="inline-flex items-center gap-1.5 rounded-md border border-border bg-muted/50 px-2 py-1 text-xs"
        >
          <span className="font-mono font-medium">{column.name}</span> <ColumnTypeLabel type={column.type} />
        </li>
      ))}
    </ul>
  );
}
