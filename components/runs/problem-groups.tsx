import { problemLabel } from "@/lib/conversions/problem-codes";
import type { ProblemGroupView } from "@/lib/runs/list-run-problems";
import { Badge } from "../ui/badge";
import { Table, Td, Th } from "../ui/table";
import { formatCount } from "./format-run";

export const KIND_LOOK = {
  INVALID: { label: "Invalid", tone: "warning" },
  REJECTED: { label: "Rejected by X", tone: "danger" },
  FAILED: { label: "Failed", tone: "danger" },
  SOURCE: { label: "Unreadable", tone: "neutral" },
  DUPLICATE: { label: "Repeated id", tone: "neutral" },
} as const;

/** Why rows were not sent, most common reason first. */
export function ProblemGroups({ groups }: { groups: ProblemGroupView[] }) {
  return (
    <Table>
      <thead>
        <tr>
          <Th>Reason</Th>
          <Th>Kind</Th>
          <Th className="text-right">Rows</Th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => (
          <tr key={`${group.kind}:${group.code}`}>
            <Td>
              <p className="font-medium">{problemLabel(group.code)}</p>
              <p className="text-xs text-muted-foreground">{group.example}</p>
              <p className="font-mono text-xs text-muted-foreground">{group.code}</p>
            </Td>
            <Td>
              <Badge tone={KIND_LOOK[group.kind].tone}>{KIND_LOOK[group.kind].label}</Badge>
            </Td>
            <Td className="text-right tabular-nums">{formatCount(group.count)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
