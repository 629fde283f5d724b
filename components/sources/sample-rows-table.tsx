import type { SourcePreview } from "@/lib/sources/preview-source";
import { cn } from "../ui/cn";
import { Table, Td, Th } from "../ui/table";
import { ColumnTypeLabel } from "./column-list";

/** The first rows as the source gave them: spaces kept (stray spaces are worth seeing), empty
 * cells marked, long values cut with the full text on hover. "Row" is the row's number as the
 * preview, runs and the problems CSV give it; a CSV file also shows the line it starts on (the
 * header is line 1, so row 4 is usually line 5). */
export function SampleRowsTable({ preview, kind }: { preview: SourcePreview; kind: "POSTGRES" | "CSV" }) {
  return (
    <Table aria-label="Sample rows" className="text-xs">
      <thead>
        <tr>
          <Th className="w-12 text-right">Row</Th>
          {kind === "CSV" ? <Th className="w-12 text-right">Line</Th> : null}
          {preview.columns.map((column) => (
            <Th
              key={column.name}
              className={cn("whitespace-nowrap normal-case", column.type === "number" && "text-right")}
            >
              <span className="block font-mono text-foreground">{column.name}</span>
              <ColumnTypeLabel type={column.type} />
            </Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {preview.rows.map((row) => (
          <tr key={row.rowNumber}>
            <Td className="py-2 text-right tabular-nums text-muted-foreground">{row.rowNumber}</Td>
            {kind === "CSV" ? (
              <Td className="py-2 text-right tabular-nums text-muted-foreground">{row.line ?? "—"}</Td>
            ) : null}
            {row.cells.map((cell, index) => (
              <Td
                key={index}
                className={cn(
                  "max-w-64 truncate whitespace-pre py-2 font-mono",
                  preview.columns[index]?.type === "number" && "text-right tabular-nums",
                )}
                title={cell ?? undefined}
              >
                {cell === null ? <span className="font-sans italic text-muted-foreground">empty</span> : cell}
              </Td>
            ))}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
