import Link from "next/link";
import type { ActionResult } from "@/lib/errors";

/** What "Run sync now" (and "Full resync") answered: where to watch the queued run, or why not. */
export function QueuedRunMessage({ state }: { state: ActionResult<{ runId: string }> | null }) {
  if (state?.ok) {
    return (
      <span className="text-muted-foreground">
        {state.message}{" "}
        <Link href={`/runs/${state.data.runId}`} className="font-medium text-foreground underline">
          View run
        </Link>
      </span>
    );
  }
  return state ? (
    <span role="alert" className="text-danger">
      {state.message}
    </span>
  ) : null;
}
