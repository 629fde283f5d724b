import Link from "next/link";
import type { ReactNode } from "react";
import type { SourceListItem } from "@/lib/sources/list-sources";
import { Card } from "../ui/card";
import { DateTime } from "../ui/date-time";
import { Table, Td, Th } from "../ui/table";
import { SourceKindBadge } from "./source-kind-badge";

export function SourcesTable({ sources, footer }: { sources: SourceListItem[]; footer?: ReactNode }) {
  return (
    <Card>
      <Table>
        <thead>
          <tr>
            <Th>Source</Th>
            <Th>Kind</Th>
            <Th className="text-right">Columns</Th>
            <Th>Last read</Th>
            <Th>Used by</Th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <tr key={source.id} className="hover:bg-muted/50">
              <Td className="max-w-sm">
                <Link
                  href={`/sources/${source.id}`}
                  className="font-medium text-foreground hover:text-primary hover:underline"
                >
                  {source.name}
                </Link>
                {source.origin ? (
                  <p className="truncate font-mono text-xs text-muted-foreground" title={source.origin}>
                    {source.origin}
                  </p>
                ) : null}
              </Td>
              <Td>
                <SourceKindBadge kind={source.kind} />
              </Td>
              <Td className="text-right tabular-nums">
                {source.columnCount > 0 ? source.columnCount : <span className="text-muted-foreground">—</span>}
              </Td>
              <Td className="whitespace-nowrap text-muted-foreground">
                {source.columnsCheckedAt ? <DateTime value={source.columnsCheckedAt} relative /> : "Never"}
              </Td>
              <Td className="whitespace-nowrap text-muted-foreground">
                {source.destinationCount === 0
                  ? "No destinations"
                  : `${source.destinationCount} ${source.destinationCount === 1 ? "destination" : "destinations"}`}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {footer}
    </Card>
  );
}
