import { History } from "lucide-react";
import Link from "next/link";
import { problemLabel } from "@/lib/conversions/problem-codes";
import type { StillInvalidView } from "@/lib/runs/list-still-invalid";
import { DateTime } from "../ui/date-time";
import { formatCount } from "./format-run";

/**
 * Rows still invalid as in earlier runs, said once: the earlier run's problem rows (and its CSV)
 * list them, so a schedule re-reading the same bad rows does not list them again every time.
 */
export function StillInvalidSummary({ rows, groups }: { rows: number; groups: StillInvalidView[] }) {
  return (
    <section aria-label="Rows still invalid" className="space-y-2 text-sm">
      <p className="flex items-start gap-2">
        <History aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-muted-foreground" />
        <span>
          <strong className="font-semibold">
            {formatCount(rows)} {rows === 1 ? "row is" : "rows are"} still invalid
          </strong>{" "}
          for the same reasons as in {groups.length === 1 ? "an earlier run" : "earlier runs"}, and{" "}
          {rows === 1 ? "is" : "are"} not listed again.
        </span>
      </p>
      <ul className="space-y-1 pl-6 text-muted-foreground">
        {groups.map((group) => (
          <li key={group.sinceRunId}>
            As in the run of{" "}
            {group.sinceRunAt ? (
              <Link
                href={`/runs/${group.sinceRunId}`}
                className="font-medium text-foreground underline underline-offset-2 hover:text-primary"
              >
                <DateTime value={group.sinceRunAt} />
              </Link>
            ) : (
              "a run deleted since"
            )}
            {": "}
            {group.reasons.map((reason, index) => (
              <span key={`${reason.kind}:${reason.code}`}>
                {index > 0 ? ", " : null}
                {formatCount(reason.count)} {problemLabel(reason.code)}{" "}
                <code className="font-mono text-xs">({reason.code})</code>
              </span>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
