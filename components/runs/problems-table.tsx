import { problemLabel } from "@/lib/conversions/problem-codes";
import type { RunProblemView } from "@/lib/runs/list-run-problems";
import { Badge } from "../ui/badge";
import { Table, Td, Th } from "../ui/table";
import { KIND_LOOK } from "./problem-groups";

/** One page of a run's problem rows: where (row number and key), which field, and why. No values:
 * problem rows never hold an email or a phone number. "Row" is the row's position among the
 * source's data rows, as in the preview and the source page. */
export function ProblemsTable({ problems }: { problems: RunProblemView[] }) {
  return (
    <Table>
      <thead>
        <tr>
          <Th className="text-right">Row</Th>
          <Th>Key</Th>
          <Th>Kind</Th>
          <Th>Field</Th>
          <Th>Problem</Th>
        </tr>
      </thead>
      <tbody>
        {problems.map((problem) => (
          <tr key={problem.id}>
            <Td className="text-right tabular-nums text-muted-foreground">{problem.rowNumber ?? "—"}</Td>
            <Td className="max-w-[12rem] truncate font-mono text-xs" title={problem.rowKey ?? undefined}>
              {problem.rowKey ?? "—"}
            </Td>
            <Td>
              <Badge tone={KIND_LOOK[problem.kind].tone}>{KIND_LOOK[problem.kind].label}</Badge>
            </Td>
            <Td className="font-mono text-xs">{problem.field ?? "—"}</Td>
            <Td>
              <p className="font-medium">{problemLabel(problem.code)}</p>
              <p>{problem.message}</p>
              <p className="font-mono text-xs text-muted-foreground">{problem.code}</p>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
